using System;
using System.Globalization;
using System.Text;

namespace SportsData.IO
{
    /// <summary>
    /// A double as the shortest invariant text that reads back to the same value, the same on every runtime: what
    /// .NET Core 3.0 and later write for "R". .NET Framework (Windows PowerShell 5.1, the netstandard2.0 engine) writes
    /// "R" as G15 when that reads back and G17 otherwise (never 16 digits, exponent form from 1E+15, -0 as 0), so files
    /// written there would differ from the net8.0 engine's for the same data.
    /// </summary>
    internal static class RoundTripNumber
    {
        private const double SmallestNormal = 2.2250738585072014E-308;

        public static string Format(double value)
        {
#if NET8_0_OR_GREATER
            return value.ToString("R", CultureInfo.InvariantCulture);
#else
            return FormatPortable(value);
#endif
        }

        /// <summary>
        /// The fewest significant digits that read back, laid out as .NET Core lays out "R": plain from 0.0001 up to
        /// 17 integer digits, otherwise d.dddE+XX (at least two exponent digits). Only formatting with a fixed number of
        /// digits and parsing are used, which .NET Framework does correctly. Compiled in every build so the tests on
        /// .NET 8+ hold it against "R".
        /// </summary>
        internal static string FormatPortable(double value)
        {
            if (value == 0) return BitConverter.DoubleToInt64Bits(value) < 0 ? "-0" : "0";
            if (double.IsNaN(value) || double.IsInfinity(value)) return value.ToString(CultureInfo.InvariantCulture);

            // A normal double whose 15 significant digits read back is shortest with its trailing zeros dropped (15
            // digits are finer than its rounding interval); a subnormal one has fewer digits of precision, so try up.
            string scientific = string.Empty;
            for (int digits = Math.Abs(value) < SmallestNormal ? 1 : 15; digits <= 17; digits++)
            {
                scientific = value.ToString("E" + (digits - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                if (double.TryParse(scientific, NumberStyles.Float, CultureInfo.InvariantCulture, out double back) && back.Equals(value)) break;
            }
            return Layout(scientific);
        }

        /// <summary>"-d.dddE+xxx" as .NET Core's shortest "R" writes the same digits.</summary>
        private static string Layout(string scientific)
        {
            int e = scientific.IndexOf('E');
            bool negative = scientific[0] == '-';
            string digits = scientific.Substring(negative ? 1 : 0, e - (negative ? 1 : 0)).Replace(".", string.Empty).TrimEnd('0');
            int exponent = int.Parse(scientific.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var text = new StringBuilder(32);
            if (negative) text.Append('-');
            if (exponent >= 17 || exponent < -4)
            {
                text.Append(digits[0]);
                if (digits.Length > 1) text.Append('.').Append(digits, 1, digits.Length - 1);
                text.Append(exponent < 0 ? "E-" : "E+").Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
            }
            else if (exponent >= 0)
            {
                int integerDigits = exponent + 1;
                if (digits.Length <= integerDigits) text.Append(digits).Append('0', integerDigits - digits.Length);
                else text.Append(digits, 0, integerDigits).Append('.').Append(digits, integerDigits, digits.Length - integerDigits);
            }
            else
            {
                text.Append("0.").Append('0', -exponent - 1).Append(digits);
            }
            return text.ToString();
        }
    }
}
