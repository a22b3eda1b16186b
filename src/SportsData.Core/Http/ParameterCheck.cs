using System;
using System.IO;

namespace SportsData.Http
{
    /// <summary>Checks of URI, path and id parameters before any request, with errors that name the parameter and the fix.</summary>
    public static class ParameterCheck
    {
        /// <summary>An absolute http(s) URI, or InvalidParameter.&lt;name&gt; showing an example of one.</summary>
        public static Uri HttpUri(Uri? uri, string parameterName, string example)
        {
            if (uri == null || !uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw SportsDataException.InvalidArgument(parameterName,
                    $"-{parameterName} '{uri}' must be an absolute http or https URI, such as {example}.");
            }
            return uri;
        }

        /// <summary>
        /// A path relative to the API's base URI (such as session-management/sessions/fetch/): no scheme or host (the
        /// credentials must never go to another server), no "..", no query or fragment.
        /// </summary>
        public static string RelativeApiPath(string? value, string parameterName, string example)
        {
            string text = value?.Trim() ?? string.Empty;
            bool bad = text.Length == 0
                || text.IndexOf("://", StringComparison.Ordinal) >= 0
                || text.StartsWith("//", StringComparison.Ordinal)
                || text.IndexOf(':') >= 0
                || text.IndexOfAny(new[] { ' ', '?', '#', '&', '=', '\\' }) >= 0
                || Array.Exists(text.Split('/'), part => part == "..");
            if (bad)
            {
                throw SportsDataException.InvalidArgument(parameterName,
                    $"-{parameterName} '{value}' must be a path relative to the API's base URI, such as {example} (no scheme or host, no '..', spaces, ?, #, & or =).");
            }
            return text;
        }

        /// <summary>A file path whose folder exists (the file itself may not exist yet).</summary>
        public static string FileInExistingFolder(string path, string parameterName)
        {
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw SportsDataException.InvalidArgument(parameterName, $"-{parameterName} '{path}' is not a valid file path: {ex.Message}");
            }
            string? folder = Path.GetDirectoryName(full);
            if (folder != null && !Directory.Exists(folder))
            {
                throw SportsDataException.InvalidArgument(parameterName, $"The folder of -{parameterName} '{full}' does not exist. Create '{folder}' first, or choose another path.");
            }
            return full;
        }
    }
}
