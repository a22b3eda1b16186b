using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SportsData.Auth
{
    /// <summary>Opens a sign-in page in the user's default browser.</summary>
    public static class Browser
    {
        /// <summary>False (with the reason) when no browser could be started, e.g. on a server without a desktop.</summary>
        public static bool TryOpen(Uri uri, out string? reason)
        {
            reason = null;
            try
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) Process.Start(new ProcessStartInfo(uri.AbsoluteUri) { UseShellExecute = true });
                else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) Process.Start("open", uri.AbsoluteUri);
                else Process.Start("xdg-open", uri.AbsoluteUri);
                return true;
            }
            catch (Exception ex)
            {
                reason = ex.Message;
                return false;
            }
        }
    }
}
