using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SportsData.Json;

namespace SportsData.Auth
{
    /// <summary>
    /// Opt-in file cache of a connection's tokens for unattended runs (scheduled tasks). The file is readable
    /// only by the current user: on Windows the tokens are encrypted with DPAPI (CurrentUser); elsewhere the
    /// file is created with mode 0600 in a 0700 folder. Rotated refresh tokens are written back on renewal.
    /// </summary>
    public sealed class TokenCache
    {
        private static readonly byte[] Entropy = Encoding.UTF8.GetBytes("SportsData.TokenCache.v1");

        public TokenCache(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw SportsDataException.InvalidArgument("TokenCachePath", "The token cache path is empty. Give a file path such as $HOME/.sportsdata/polar.token.");
            Path = System.IO.Path.GetFullPath(path);
        }

        public string Path { get; }

        public static string DefaultPath(string vendor)
        {
            string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(root)) root = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return System.IO.Path.Combine(root, "SportsData", vendor.ToLowerInvariant() + ".tokens.json");
        }

        public TokenSet? Load(string clientId)
        {
            if (!File.Exists(Path)) return null;
            TokenCacheEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(File.ReadAllText(Path), CoreJsonContext.Default.TokenCacheEntry);
            }
            catch (JsonException ex)
            {
                throw new SportsDataException(ErrorIds.TokenCache.Corrupt, FailureKind.InvalidData,
                    $"The token cache '{Path}' is not readable ({ex.Message}). Delete it and connect again with -AuthorizationCode or -RefreshToken.", ex);
            }
            if (entry == null || !string.Equals(entry.ClientId, clientId, StringComparison.Ordinal) || entry.RefreshToken == null) return null;
            string? refresh = Unprotect(entry.RefreshToken, entry.Protection);
            string? access = entry.AccessToken == null ? null : Unprotect(entry.AccessToken, entry.Protection);
            if (refresh == null) return null;
            // An access token we cannot use (missing) is marked expired so the first request renews it.
            return new TokenSet(access ?? string.Empty, refresh, access == null ? DateTimeOffset.MinValue : entry.ExpiresAt);
        }

        public void Save(string clientId, TokenSet tokens)
        {
            string? directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                RestrictToOwner(directory!, isDirectory: true);
            }
            string protection = IsWindows ? "DPAPI-CurrentUser" : "FileMode0600";
            var entry = new TokenCacheEntry
            {
                ClientId = clientId,
                Protection = protection,
                AccessToken = Protect(tokens.AccessToken),
                RefreshToken = tokens.RefreshToken == null ? null : Protect(tokens.RefreshToken),
                ExpiresAt = tokens.ExpiresAt,
                SavedAt = DateTimeOffset.UtcNow,
            };
            string temp = Path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                RestrictToOwner(temp, isDirectory: false);
                byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(entry, CoreJsonContext.Default.TokenCacheEntry);
                stream.Write(bytes, 0, bytes.Length);
            }
            if (File.Exists(Path)) File.Delete(Path);
            File.Move(temp, Path);
        }

        public void Delete()
        {
            if (File.Exists(Path)) File.Delete(Path);
        }

#if NET8_0_OR_GREATER
        [System.Runtime.Versioning.SupportedOSPlatformGuard("windows")] // DPAPI below is called only where this holds
#endif
        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static string Protect(string value)
        {
            byte[] plain = Encoding.UTF8.GetBytes(value);
            if (!IsWindows) return Convert.ToBase64String(plain);
            return Convert.ToBase64String(ProtectedData.Protect(plain, Entropy, DataProtectionScope.CurrentUser));
        }

        private string? Unprotect(string value, string? protection)
        {
            try
            {
                byte[] bytes = Convert.FromBase64String(value);
                if (protection == "DPAPI-CurrentUser")
                {
                    if (!IsWindows) return null;
                    bytes = ProtectedData.Unprotect(bytes, Entropy, DataProtectionScope.CurrentUser);
                }
                return Encoding.UTF8.GetString(bytes);
            }
            catch (Exception ex) when (ex is FormatException || ex is CryptographicException)
            {
                throw new SportsDataException(ErrorIds.TokenCache.Unreadable, FailureKind.Authentication,
                    $"The token cache '{Path}' cannot be decrypted by this user on this machine. Delete it and connect again as the account that runs the task.", ex);
            }
        }

        private static void RestrictToOwner(string path, bool isDirectory)
        {
            if (IsWindows) return; // DPAPI protects the content; the profile folder's ACL protects the file.
            int mode = isDirectory ? 0x1C0 /* 0700 */ : 0x180 /* 0600 */;
            if (chmod(path, mode) != 0)
            {
                throw new SportsDataException(ErrorIds.TokenCache.Permissions, FailureKind.PermissionDenied,
                    $"Could not restrict '{path}' to its owner (chmod failed, errno {Marshal.GetLastWin32Error()}). Choose a -TokenCachePath on a local file system.");
            }
        }

        [DllImport("libc", SetLastError = true, EntryPoint = "chmod")]
        private static extern int chmod(string path, int mode);
    }

    internal sealed class TokenCacheEntry
    {
        [JsonPropertyName("clientId")] public string? ClientId { get; set; }
        [JsonPropertyName("protection")] public string? Protection { get; set; }
        [JsonPropertyName("accessToken")] public string? AccessToken { get; set; }
        [JsonPropertyName("refreshToken")] public string? RefreshToken { get; set; }
        [JsonPropertyName("expiresAt")] public DateTimeOffset? ExpiresAt { get; set; }
        [JsonPropertyName("savedAt")] public DateTimeOffset? SavedAt { get; set; }
    }
}
