using System.Text;

namespace SportsData.Sync
{
    /// <summary>
    /// The one rule for every file name the module derives from a vendor id (dataset data files, downloaded videos):
    /// the same name on Windows, Linux and macOS, so the same account gives a byte-identical dataset everywhere.
    /// </summary>
    public static class DatasetFileName
    {
        /// <summary>
        /// A vendor id as one path segment: ASCII letters, digits, '-', '_' and '.' kept, anything else (separators,
        /// spaces, ':', non-ASCII) as '_', never "." or ".." or empty.
        /// </summary>
        public static string Segment(string? id)
        {
            if (string.IsNullOrWhiteSpace(id)) return "_";
            var builder = new StringBuilder(id!.Length);
            foreach (char c in id.Trim())
            {
                builder.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.') ? c : '_');
            }
            string segment = builder.ToString();
            return segment.Trim('.').Length == 0 ? segment.Replace('.', '_') : segment;
        }
    }
}
