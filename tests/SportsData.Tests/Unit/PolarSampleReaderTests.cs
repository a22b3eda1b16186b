using System.Text;
using SportsData.Polar;

namespace SportsData.Tests.Unit;

public class PolarSampleReaderTests
{
    private static List<PolarSample> Read(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var reader = PolarSampleReader.Open(bytes, bytes.Length, "ps1", "p1", "ts1");
        var rows = new List<PolarSample>();
        while (reader.ReadBatch(rows, 2) > 0) { }
        return rows;
    }

    [Fact]
    public void Maps_by_position_with_short_rows_nulls_and_extra_values()
    {
        // The documented example: row 2 is shorter than fields, row 3 is longer, nulls in between.
        var rows = Read("""
            {"data":{"id":"ps1","samples":{"fields":["time","distance","hr","speed","cadence","lat","lon","altitude","forward_acceleration","power"],
              "values":[["PT0S",0.0,94.0,0.0,0,55.67336654663086,12.49395084381104,null,0.0],
                        ["PT0.1S",0.0,null,0.0,0,null,null,null,null,0.04],
                        ["PT0.2S",0.0,null,0.0,0,null,null,null,null,-0.02,125]]},
             "start_time":"2017-04-14T09:20:06"}}
            """);
        Assert.Equal(3, rows.Count);
        Assert.Equal(94.0, rows[0].HeartRate);
        Assert.Equal(55.67336654663086, rows[0].Latitude);
        Assert.Null(rows[0].Altitude);
        Assert.Null(rows[0].Power);
        Assert.Null(rows[1].HeartRate);
        Assert.Equal(0.04, rows[1].Power);
        Assert.Equal(-0.02, rows[2].Power);
        Assert.Equal(new DateTime(2017, 4, 14, 9, 20, 6, 200), rows[2].Time);
        Assert.All(rows, r => Assert.Equal(("ps1", "p1", "ts1"), (r.PlayerSessionId, r.PlayerId, r.TeamSessionId)));
    }

    [Fact]
    public void Fields_without_time_start_at_the_second_position()
    {
        var rows = Read("""{"samples":{"values":[["PT1S",120,3.5]],"fields":["hr","speed"]}}""");
        Assert.Single(rows);
        Assert.Equal(TimeSpan.FromSeconds(1), rows[0].Offset);
        Assert.Equal(120, rows[0].HeartRate);
        Assert.Equal(3.5, rows[0].Speed);
        Assert.Null(rows[0].Time);
    }

    [Fact]
    public void No_samples_gives_no_rows()
    {
        Assert.Empty(Read("""{"data":{"id":"x","start_time":"2020-01-01T00:00:00"}}"""));
        Assert.Empty(Read("""{"data":{"samples":{"fields":["time","hr"],"values":[]}}}"""));
    }

    [Fact]
    public void A_bad_offset_is_reported_as_invalid_data()
    {
        var error = Assert.Throws<SportsDataException>(() => Read("""{"samples":{"fields":["time","hr"],"values":[["soon",1]]}}"""));
        Assert.Equal("PolarApi.InvalidSamples", error.ErrorId);
    }
}
