using System.Text.Json;
using SportsData.Aikynetix;
using SportsData.Json;

namespace SportsData.Tests.Aikynetix;

public class AikynetixMapperTests
{
    private static ManagedSession Map(string json, string? key = "k1")
    {
        using var document = JsonDocument.Parse(json);
        return AikynetixMapper.Session(key, new JsonRecord(document.RootElement));
    }

    [Theory]
    [InlineData("10/01/2025", "04:39 PM", 2025, 1, 10, 16, 39)]
    [InlineData("26/12/2024", "08:48 pm", 2024, 12, 26, 20, 48)]
    [InlineData("01/02/2025", "12:05 AM", 2025, 2, 1, 0, 5)]
    [InlineData("01/02/2025", "12:30 PM", 2025, 2, 1, 12, 30)]
    [InlineData("1/2/2025", "7:03 AM", 2025, 2, 1, 7, 3)]
    [InlineData("01/02/2025", "17:45", 2025, 2, 1, 17, 45)]
    public void Created_at_date_and_am_pm_time_become_one_unspecified_datetime(string date, string time, int y, int mo, int d, int h, int mi)
    {
        var session = Map($"{{\"created_at\":{{\"date\":\"{date}\",\"time\":\"{time}\"}}}}");
        Assert.Equal(new DateTime(y, mo, d, h, mi, 0), session.CreatedAt);
        Assert.Equal(DateTimeKind.Unspecified, session.CreatedAt!.Value.Kind);
    }

    [Fact]
    public void A_date_without_time_is_midnight_and_garbage_is_null()
    {
        Assert.Equal(new DateTime(2025, 1, 10), Map("{\"created_at\":{\"date\":\"10/01/2025\"}}").CreatedAt);
        Assert.Null(Map("{\"created_at\":{\"date\":\"2025-13-45\",\"time\":\"x\"}}").CreatedAt);
        Assert.Null(Map("{}").CreatedAt);
    }

    [Fact]
    public void The_map_key_is_the_session_id_and_an_id_field_is_used_only_without_a_key()
    {
        Assert.Equal("map-key", Map("{\"id\":\"field-id\",\"title\":\"t\"}", "map-key").SessionId);
        Assert.Equal("field-id", Map("{\"id\":\"field-id\"}", null).SessionId);
        Assert.Throws<SportsDataException>(() => Map("{\"title\":\"t\"}", null));
    }

    [Fact]
    public void Unknown_fields_are_kept_and_empty_nested_objects_stay_dictionaries()
    {
        var session = Map("{\"exercise\":\"clean_and_jerk\",\"user_status\":\"admin\",\"metrics\":{},\"report_comments\":{},\"segments\":10.0}");
        Assert.Equal("clean_and_jerk", session.Exercise);
        Assert.Equal("admin", session.AdditionalProperties["user_status"]);
        Assert.Empty(session.Metrics);
        Assert.Empty(session.ReportComments);
        Assert.Equal(10, session.Segments);
        Assert.False(session.HasAnalyzedVideo);
    }

    [Fact]
    public void Nested_fields_of_an_unexpected_shape_are_kept_and_firestore_timestamps_are_read_as_utc()
    {
        var session = Map("{\"metrics\":[1,2],\"report_comments\":\"none\",\"created_at\":{\"_seconds\":1736527140,\"_nanoseconds\":0}}");
        Assert.Empty(session.Metrics);
        Assert.Equal(new object?[] { 1L, 2L }, (object?[])session.AdditionalProperties["metrics"]!);
        Assert.Equal("none", session.AdditionalProperties["report_comments"]);
        Assert.Equal(new DateTime(2025, 1, 10, 16, 39, 0, DateTimeKind.Utc), session.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, session.CreatedAt!.Value.Kind);
    }

    [Fact]
    public void Wire_formats_are_culture_invariant()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
        try
        {
            Assert.Equal("05/03/2026", AikynetixMapper.FilterDate(new DateTime(2026, 3, 5, 23, 0, 0)));
            Assert.Equal("2026-03-05 07:08:09", AikynetixMapper.Timestamp(new DateTime(2026, 3, 5, 7, 8, 9)));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }
}
