using System.Globalization;
using System.Text.Json;
using SportsData.Json;
using SportsData.Polar;
using SportsData.Sync.Polar;

namespace SportsData.Tests.Unit;

/// <summary>
/// The zone columns of a session summary row are the API's numbers, zone n being the n-th zone listed; the dataset's
/// compact zone columns (session_summaries.csv) hold the same zones, in the same order, with the same values.
/// </summary>
public class SummaryZoneColumnsTests
{
    // As the v1.1.0 schema describes a summary: speed zones with distance only, seven heart-rate zones (two past the columns).
    private const string Summary = """
        {
          "duration_ms": 3723400,
          "heart_rate_zones": [
            { "index": 1, "lower_limit": 95, "higher_limit": 114, "in_zone": "PT4.2S" },
            { "index": 2, "lower_limit": 114, "higher_limit": 133, "in_zone": "PT22M10.1S" },
            { "index": 3, "lower_limit": 133, "higher_limit": 152, "in_zone": "PT13M42S" },
            { "index": 4, "lower_limit": 152, "higher_limit": 171, "in_zone": "PT7M31.1S" },
            { "index": 5, "lower_limit": 171, "higher_limit": 190, "in_zone": "PT16M52.5S" },
            { "index": 6, "lower_limit": 190, "higher_limit": 200, "in_zone": "PT1M" },
            { "index": 7, "lower_limit": 200, "higher_limit": 220, "in_zone": "PT0S" }
          ],
          "speed_zones_kmh": [
            { "index": 1, "lower_limit": 3, "higher_limit": 7, "in_zone_meters": 222 },
            { "index": 2, "lower_limit": 7, "higher_limit": 14.4, "in_zone_meters": 1379.5 }
          ],
          "acceleration_zones_ms2": [
            { "limit": -3, "counter": 22 }, { "limit": -2, "counter": 9 }, { "limit": -1, "counter": 30 },
            { "limit": 1, "counter": 16 }, { "limit": 2, "counter": 24 }, { "limit": 3, "counter": 35 }
          ],
          "power_zones": [
            { "index": 1, "lower_limit": 3, "higher_limit": 7, "in_zone": "PT4.2S", "in_zone_muscle_load": 333 }
          ],
          "out_of_heart_rate_zones": "PT4S",
          "out_of_power_zones": "PT4.2S"
        }
        """;

    private static PolarSessionSummary Map()
    {
        using JsonDocument document = JsonDocument.Parse(Summary);
        return PolarMapper.Summary(new JsonRecord(document.RootElement.Clone()), "ps-1", "p-1", "ts-1");
    }

    [Fact]
    public void Zone_columns_are_the_API_numbers_by_position_and_zones_past_the_columns_stay_in_the_lists()
    {
        PolarSessionSummary s = Map();
        Assert.Equal((4.2, 95.0, 114.0), (s.HeartRateZone1Seconds, s.HeartRateZone1LowerLimit, s.HeartRateZone1HigherLimit));
        Assert.Equal(1330.1, s.HeartRateZone2Seconds);
        Assert.Equal(822.0, s.HeartRateZone3Seconds);
        Assert.Equal(451.1, s.HeartRateZone4Seconds);
        Assert.Equal((1012.5, 171.0, 190.0), (s.HeartRateZone5Seconds, s.HeartRateZone5LowerLimit, s.HeartRateZone5HigherLimit));
        Assert.Equal(7, s.HeartRateZones.Length);
        Assert.Equal(60.0, Durations(s.HeartRateZones[5]));

        Assert.Equal((null, 222.0, 3.0, 7.0), (s.SpeedZone1Seconds, s.SpeedZone1Meters, s.SpeedZone1LowerLimitKmh, s.SpeedZone1HigherLimitKmh));
        Assert.Equal((1379.5, 14.4), (s.SpeedZone2Meters, s.SpeedZone2HigherLimitKmh));
        Assert.Null(s.SpeedZone3Meters);

        Assert.Equal((22.0, -3.0), (s.AccelerationZone1Count, s.AccelerationZone1LimitMs2));
        Assert.Equal((35.0, 3.0), (s.AccelerationZone6Count, s.AccelerationZone6LimitMs2));

        Assert.Equal((4.2, 333.0, 3.0, 7.0), (s.PowerZone1Seconds, s.PowerZone1MuscleLoad, s.PowerZone1LowerLimit, s.PowerZone1HigherLimit));
        Assert.Null(s.PowerZone2Seconds);

        Assert.Equal(3723.4, s.DurationSeconds);
        Assert.Equal((4.0, 4.2), (s.OutOfHeartRateZonesSeconds, s.OutOfPowerZonesSeconds));
    }

    private static double? Durations(PolarZone zone) => zone.InZone?.Ticks / (double)TimeSpan.TicksPerSecond;

    [Fact]
    public void The_dataset_compact_zone_columns_hold_the_same_zones_in_the_same_order()
    {
        PolarSessionSummary s = Map();
        string?[] row = PolarDatasetTables.SessionSummary(s);
        string? Column(string name) => row[Array.IndexOf(PolarDatasetTables.SessionSummaryColumns, name)];
        double? Number(string text) => text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);
        double? Property(string name) => (double?)typeof(PolarSessionSummary).GetProperty(name)!.GetValue(s);

        // heart_rate_zones / speed_zones_kmh / power_zones: "lower-higher:in_zone_ms[/meters]" per zone.
        foreach (var (column, prefix, lower, higher, count) in new[]
        {
            ("heart_rate_zones", "HeartRateZone", "LowerLimit", "HigherLimit", PolarSessionSummary.HeartRateZoneColumns),
            ("speed_zones_kmh", "SpeedZone", "LowerLimitKmh", "HigherLimitKmh", PolarSessionSummary.SpeedZoneColumns),
            ("power_zones", "PowerZone", "LowerLimit", "HigherLimit", PolarSessionSummary.PowerZoneColumns),
        })
        {
            string[] zones = Column(column)!.Split(';');
            for (int i = 0; i < Math.Min(zones.Length, count); i++)
            {
                string[] limitsAndRest = zones[i].Split(':');
                string[] limits = limitsAndRest[0].Split('-', 2);
                string[] timeAndMeters = limitsAndRest[1].Split('/');
                string zone = prefix + (i + 1);
                Assert.Equal(Property(zone + lower), Number(limits[0]));
                Assert.Equal(Property(zone + higher), Number(limits[1]));
                Assert.Equal(Property(zone + "Seconds") is double seconds ? seconds * 1000 : null, Number(timeAndMeters[0]));
                if (prefix == "SpeedZone") Assert.Equal(Property(zone + "Meters"), Number(timeAndMeters[1]));
            }
        }
        Assert.Equal(7, Column("heart_rate_zones")!.Split(';').Length); // the dataset keeps the zones past the columns

        // acceleration_zones_ms2: "limit:count" per band.
        string[] bands = Column("acceleration_zones_ms2")!.Split(';');
        Assert.Equal(PolarSessionSummary.AccelerationZoneColumns, bands.Length);
        for (int i = 0; i < bands.Length; i++)
        {
            string[] parts = bands[i].Split(':');
            Assert.Equal(Property("AccelerationZone" + (i + 1) + "LimitMs2"), Number(parts[0]));
            Assert.Equal(Property("AccelerationZone" + (i + 1) + "Count"), Number(parts[1]));
        }
    }
}
