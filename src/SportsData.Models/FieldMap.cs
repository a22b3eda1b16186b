using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SportsData
{
    /// <summary>
    /// The fields of a JSON object that stay nested (AdditionalProperties: fields the module does not map; metrics,
    /// comments). A dictionary to scripts ($row.AdditionalProperties['name']); as text "name=value; other=value", so
    /// it reads well where it is shown. The properties holding it are [Hidden], so Export-Csv never writes it.
    /// </summary>
    public sealed class FieldMap : Dictionary<string, object?>
    {
        public FieldMap() : base(StringComparer.Ordinal) { }

        public override string ToString() => string.Join("; ", this.Select(pair => pair.Key + "=" + Format(pair.Value)));

        private static string Format(object? value)
        {
            switch (value)
            {
                case null: return string.Empty;
                case string text: return text;
                case bool flag: return flag ? "true" : "false";
                case IFormattable formattable: return formattable.ToString(null, CultureInfo.InvariantCulture);
                case IDictionary<string, object?> map: return "{" + string.Join(", ", map.Select(pair => pair.Key + "=" + Format(pair.Value))) + "}";
                case IEnumerable items:
                    var builder = new StringBuilder("[");
                    foreach (object? item in items)
                    {
                        if (builder.Length > 1) builder.Append(", ");
                        builder.Append(Format(item));
                    }
                    return builder.Append(']').ToString();
                default: return value.ToString() ?? string.Empty;
            }
        }
    }
}
