using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace SportsData.Aikynetix
{
    /// <summary>
    /// A session's metrics and report comments as long-format rows (<see cref="ManagedSessionReportValue"/>): every
    /// leaf value of the nested objects, objects walked key by key ("joint_angles.knee_flexion_deg") and lists item by
    /// item ("splits[0]"), so every number is a number in its own row.
    /// </summary>
    public static class ManagedSessionReport
    {
        public const string MetricsSection = "metrics";
        public const string CommentsSection = "report_comments";

        public static IEnumerable<ManagedSessionReportValue> Rows(ManagedSession session)
        {
            foreach (ManagedSessionReportValue row in Section(session, MetricsSection, session.Metrics)) yield return row;
            foreach (ManagedSessionReportValue row in Section(session, CommentsSection, session.ReportComments)) yield return row;
        }

        private static IEnumerable<ManagedSessionReportValue> Section(ManagedSession session, string section, IDictionary<string, object?>? values)
        {
            if (values == null) yield break;
            var leaves = new List<KeyValuePair<string, object?>>();
            foreach (KeyValuePair<string, object?> pair in values) Walk(pair.Key, pair.Value, leaves);
            foreach (KeyValuePair<string, object?> leaf in leaves)
            {
                var row = new ManagedSessionReportValue
                {
                    SessionId = session.SessionId,
                    Title = session.Title,
                    Activity = session.Activity,
                    Exercise = session.Exercise,
                    CreatedAt = session.CreatedAt,
                    UserId = session.UserId,
                    UserName = session.UserName,
                    Section = section,
                    Name = leaf.Key,
                };
                switch (leaf.Value)
                {
                    case null: break;
                    case bool flag:
                        row.Value = flag ? 1 : 0;
                        row.Text = flag ? "true" : "false";
                        break;
                    case string text: row.Text = text; break;
                    case IConvertible number when IsNumber(number):
                        row.Value = number.ToDouble(CultureInfo.InvariantCulture);
                        break;
                    default: row.Text = Convert.ToString(leaf.Value, CultureInfo.InvariantCulture); break;
                }
                yield return row;
            }
        }

        private static void Walk(string path, object? value, List<KeyValuePair<string, object?>> leaves)
        {
            switch (value)
            {
                case IDictionary<string, object?> map:
                    foreach (KeyValuePair<string, object?> pair in map) Walk(path + "." + pair.Key, pair.Value, leaves);
                    break;
                case string _:
                    leaves.Add(new KeyValuePair<string, object?>(path, value));
                    break;
                case IEnumerable items:
                    int index = 0;
                    foreach (object? item in items) Walk(path + "[" + (index++).ToString(CultureInfo.InvariantCulture) + "]", item, leaves);
                    break;
                default:
                    leaves.Add(new KeyValuePair<string, object?>(path, value));
                    break;
            }
        }

        private static bool IsNumber(IConvertible value)
        {
            switch (value.GetTypeCode())
            {
                case TypeCode.SByte: case TypeCode.Byte: case TypeCode.Int16: case TypeCode.UInt16: case TypeCode.Int32: case TypeCode.UInt32:
                case TypeCode.Int64: case TypeCode.UInt64: case TypeCode.Single: case TypeCode.Double: case TypeCode.Decimal:
                    return true;
                default:
                    return false;
            }
        }
    }
}
