using SportsData.Json;

namespace SportsData.Tests.Unit;

public class IsoDurationTests
{
    [Theory]
    [InlineData("PT0S", 0)]
    [InlineData("PT0.1S", 0.1)]
    [InlineData("PT4.2S", 4.2)]
    [InlineData("PT1M0.5S", 60.5)]
    [InlineData("PT1H2M3.25S", 3723.25)]
    [InlineData("P1DT2H", 93600)]
    [InlineData("-PT5S", -5)]
    public void Parses_vendor_durations(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)), IsoDuration.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4.2")]
    [InlineData("PT")]
    [InlineData("PTXS")]
    [InlineData("P1H")]
    public void Rejects_text_that_is_not_a_duration(string text)
    {
        Assert.False(IsoDuration.TryParse(text.AsSpan(), out _));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(754.3)]
    [InlineData(3723.25)]
    public void Formats_and_parses_back(double seconds)
    {
        TimeSpan value = TimeSpan.FromSeconds(seconds);
        Assert.Equal(value, IsoDuration.Parse(IsoDuration.Format(value)));
    }
}
