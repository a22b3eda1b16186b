using System.Globalization;
using SportsData.IO;

namespace SportsData.Tests.Unit;

/// <summary>
/// The number text of the netstandard2.0 engine (Windows PowerShell 5.1) is RoundTripNumber.FormatPortable: it must be
/// what the net8.0 engine writes ("R" on .NET Core 3.0+), or the two engines' CSV files differ for the same data.
/// </summary>
public class RoundTripNumberTests
{
    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.1)]
    [InlineData(72.5)]
    [InlineData(55.67336654663086)]
    [InlineData(0.30000000000000004)] // 17 digits
    [InlineData(1.0000000000000002)]
    [InlineData(9007199254740993.0)]
    [InlineData(123456789012345.0)] // 15 digits, no exponent
    [InlineData(1234567890123456.0)] // 16 digits, no exponent
    [InlineData(1E+15)]
    [InlineData(1E+16)]
    [InlineData(1.2345678901234568E+17)]
    [InlineData(0.0001)]
    [InlineData(0.00001)]
    [InlineData(1.5E-05)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(double.MinValue)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Matches_R_on_chosen_values(double value)
    {
        Assert.Equal(R(value), RoundTripNumber.FormatPortable(value));
    }

    [Fact]
    public void Keeps_the_sign_of_negative_zero_as_R_does()
    {
        Assert.Equal("-0", R(-0.0));
        Assert.Equal("-0", RoundTripNumber.FormatPortable(-0.0));
    }

    [Fact]
    public void Matches_R_on_random_doubles_of_every_magnitude_and_digit_count()
    {
        var random = new Random(20261203);
        var bits = new byte[8];
        int checkedValues = 0;
        for (int i = 0; i < 100_000; i++)
        {
            random.NextBytes(bits);
            double value = BitConverter.ToDouble(bits, 0);
            Assert.Equal(R(value), RoundTripNumber.FormatPortable(value));
            // Decimal numbers of 1 to 17 digits around the magnitudes sensors and summaries use.
            var digits = new System.Text.StringBuilder().Append((char)('1' + random.Next(9)));
            for (int d = random.Next(0, 17); d > 0; d--) digits.Append((char)('0' + random.Next(10)));
            double shortish = double.Parse(digits + "E" + random.Next(-25, 25).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (random.Next(2) == 0) shortish = -shortish;
            Assert.Equal(R(shortish), RoundTripNumber.FormatPortable(shortish));
            checkedValues += 2;
        }
        Assert.Equal(200_000, checkedValues);
    }

    [Fact]
    public void Reads_back_to_the_same_double()
    {
        var random = new Random(5);
        for (int i = 0; i < 10_000; i++)
        {
            double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            Assert.Equal(value, double.Parse(RoundTripNumber.FormatPortable(value), CultureInfo.InvariantCulture));
        }
    }
}
