using System.Text;
using System.Text.Json;
using SportsData.Json;
using SportsData.Tests.Infrastructure;
using SportsData.Valor;

namespace SportsData.Tests.Valor;

public class ValorDataTests : SimulatorTestBase
{
    [Fact]
    public async Task A_report_becomes_one_row_per_group_metric_and_side_with_session_context()
    {
        var (server, connection) = await StartValorAsync();
        var seed = server.World.Valor.Data.Sessions.First(s => s.Exercise.CentralJoints.Length > 0);
        var rows = await connection.Client().GetReportAsync(seed.S3Key, seed.Id, seed.Athlete.Id, CancellationToken.None);

        int perGroup = (seed.Exercise.SidedJoints.Length + seed.Exercise.CentralJoints.Length) * 2;
        Assert.Equal(perGroup * 2, rows.Count);
        Assert.Equal(new[] { "Ang", "Vel" }, rows.Select(r => r.Group).Distinct());
        Assert.Equal(new[] { "L", "R", "F", "B" }.OrderBy(x => x), rows.Select(r => r.Side!).Distinct().OrderBy(x => x));
        Assert.All(rows, r =>
        {
            Assert.Equal(seed.Id, r.SessionId);
            Assert.Equal(seed.Athlete.Id, r.AthleteId);
            Assert.Equal(seed.S3Key, r.S3Key);
            Assert.NotNull(r.AvgMax);
            Assert.InRange(r.Score!.Value, 40, 100);
        });
        Assert.EndsWith("?s3Key=" + seed.S3Key, server.ValorRequests("reportData").Single()); // the simulator logs the decoded query

        var missing = await Assert.ThrowsAsync<ApiException>(() => connection.Client().GetReportAsync("org-7Q2X/none.json", null, null, CancellationToken.None));
        Assert.Equal(FailureKind.NotFound, missing.Kind);
        var empty = await Assert.ThrowsAnyAsync<SportsDataException>(() => connection.Client().GetReportAsync(" ", null, null, CancellationToken.None));
        Assert.Equal("S3Key", empty.ParameterName);
    }

    [Fact]
    public void Report_shapes_beyond_the_documented_one_are_tolerated()
    {
        using var document = JsonDocument.Parse("""
            {"WorkoutMetrics":{
              "Ang":{"Knee Flexion":{"L":{"AvgMax":91.5,"Score":"88","Reps":5},"R":{"AvgMax":null},"Unit":"deg"}},
              "Bal":{"Sway":{"AvgMax":3.2,"Score":70}},
              "Count":{"Reps":12},
              "Note":"ignored group"}}
            """);
        var rows = ValorMapper.Report(document.RootElement, "k", "s", null);
        Assert.Equal(4, rows.Count);
        var left = rows[0];
        Assert.Equal(("Ang", "Knee Flexion", "L", 91.5, 88.0), (left.Group, left.Metric, left.Side, left.AvgMax!.Value, left.Score!.Value));
        Assert.Equal(5L, left.AdditionalProperties["Reps"]);
        Assert.Equal("deg", left.AdditionalProperties["Unit"]);
        Assert.Null(rows[1].AvgMax);
        Assert.Equal(("Bal", "Sway", (string?)null, 3.2), (rows[2].Group, rows[2].Metric, rows[2].Side, rows[2].AvgMax!.Value));
        Assert.Equal(12L, rows[3].AdditionalProperties["Value"]);

        using var bare = JsonDocument.Parse("""{"Ang":{"Hip":{"F":{"AvgMax":1,"Score":2}}}}""");
        Assert.Single(ValorMapper.Report(bare.RootElement, "k", null, null));
        using var nothing = JsonDocument.Parse("[]");
        Assert.Empty(ValorMapper.Report(nothing.RootElement, "k", null, null));
    }

    [Fact]
    public async Task IK_data_becomes_one_row_per_frame_and_joint_and_can_be_filtered()
    {
        var (server, connection) = await StartValorAsync();
        var seed = server.World.Valor.Data.Sessions[3];
        int joints = seed.Exercise.SidedJoints.Length * 2 + seed.Exercise.CentralJoints.Length;
        var rows = await connection.Client().GetIKDataAsync(seed.S3Key, seed.Id, seed.Athlete.Id, null, CancellationToken.None).ToListAsync();
        Assert.Equal(seed.FrameCount * joints, rows.Count);
        Assert.Equal(Enumerable.Range(0, seed.FrameCount), rows.Select(r => r.Frame).Distinct());
        var second = rows.First(r => r.Frame == 60);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Time);
        Assert.All(rows, r => { Assert.NotNull(r.Angle); Assert.NotNull(r.Velocity); Assert.NotNull(r.Acceleration); Assert.Equal(seed.Id, r.SessionId); });
        Assert.DoesNotContain(rows, r => r.Joint.EndsWith("_vel", StringComparison.Ordinal) || r.Joint.EndsWith("_acc", StringComparison.Ordinal));

        string wanted = seed.Exercise.SidedJoints[0] + "_l";
        var filtered = await connection.Client().GetIKDataAsync(seed.S3Key, null, null, j => j == wanted, CancellationToken.None).ToListAsync();
        Assert.Equal(seed.FrameCount, filtered.Count);
        Assert.All(filtered, r => Assert.Equal(wanted, r.Joint));
    }

    [Fact]
    public void IK_arrays_of_unequal_length_are_read_by_index_with_nulls()
    {
        using var document = JsonDocument.Parse("""
            {"knee_l":[10,11,12],"knee_l_vel":[1,null],"knee_l_acc":[0.5,"0.25",0.1,0.2],"hip_vel":[3],"fps":60}
            """);
        var rows = ValorMapper.IKFrames(document.RootElement, "k", null, null, null).ToList();
        Assert.Equal(8, rows.Count); // 4 frames (longest array) x 2 joints
        var knee = rows.Where(r => r.Joint == "knee_l").ToList();
        Assert.Equal(new double?[] { 10, 11, 12, null }, knee.Select(r => r.Angle));
        Assert.Equal(new double?[] { 1, null, null, null }, knee.Select(r => r.Velocity));
        Assert.Equal(new double?[] { 0.5, 0.25, 0.1, 0.2 }, knee.Select(r => r.Acceleration));
        Assert.Equal(2.0 / 60, knee[2].TimeSeconds!.Value, 9); // no time array: 60 Hz
        var hip = rows.Where(r => r.Joint == "hip").ToList();
        Assert.Equal(3, hip[0].Velocity);
        Assert.Null(hip[0].Angle);
    }

    [Fact]
    public void Sessions_and_athletes_map_from_the_documented_keys_and_their_variants()
    {
        ValorSession Map(string json)
        {
            using var document = JsonDocument.Parse(json);
            return ValorMapper.Session(new JsonRecord(document.RootElement.Clone()));
        }

        var documented = Map("""{"Session ID":"s1","Date":"2026-03-01T10:00:00","s3Key":"a/b","Duration":"42.5","Athlete ID":"a1","Assessment ID":"singleExercise","Exercise ID":"e1","Session Name":"Squat","Extra":{"x":1}}""");
        Assert.Equal(("s1", "a/b", "a1", "e1", "Squat"), (documented.SessionId, documented.S3Key, documented.AthleteId, documented.ExerciseId, documented.SessionName));
        Assert.Equal(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), documented.Date);
        Assert.Equal(DateTimeKind.Utc, documented.Date!.Value.Kind);
        Assert.Equal(TimeSpan.FromSeconds(42.5), documented.Duration);
        Assert.True(documented.IsSingleExercise);
        Assert.IsType<FieldMap>(Assert.Single(documented.AdditionalProperties).Value);

        var camel = Map("""{"sessionId":"s2","date":1772359200,"s3key":"k","duration":10,"athleteId":"a2","assessmentId":"as-1","exerciseId":"e2","sessionName":"Lunge"}""");
        Assert.Equal(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), camel.Date);
        Assert.False(camel.IsSingleExercise);
        Assert.Empty(camel.AdditionalProperties);
        var millis = Map("""{"Session ID":"s3","Date":1772359200000}""");
        Assert.Equal(camel.Date, millis.Date);
        var offset = Map("""{"Session ID":"s4","Date":"2026-03-01T12:00:00+02:00"}""");
        Assert.Equal(camel.Date, offset.Date);

        foreach (string key in new[] { "Athlete ID", "athleteId", "AthleteID", "athlete_id", "id", "ID" })
        {
            using var document = JsonDocument.Parse("{\"" + key + "\":\"a9\",\"FirstName\":\"Ada\",\"LastName\":\"Lee\",\"Team\":\"U21\"}");
            var athlete = ValorMapper.Athlete(new JsonRecord(document.RootElement));
            Assert.Equal("a9", athlete.AthleteId);
            Assert.Equal("Ada Lee", athlete.Name);
            Assert.Equal("U21", Assert.Single(athlete.AdditionalProperties).Value);
        }
    }

    [Fact]
    public void Continuation_tokens_go_back_as_JSON_stringify_would_write_them()
    {
        string Stringify(string json)
        {
            using var document = JsonDocument.Parse(json);
            return JsonStringify.Element(document.RootElement);
        }

        Assert.Equal("\"abc\"", Stringify("\"abc\""));
        Assert.Equal("\"\"", Stringify("\"\""));
        Assert.Equal("{\"Session ID\":\"x\",\"n\":1.50,\"t\":[true,null]}", Stringify("{ \"Session ID\" : \"x\", \"n\": 1.50, \"t\": [ true, null ] }"));
        Assert.Equal("\"a\\\"b\\\\c\\u00e9+/\"", Stringify("\"a\\\"b\\\\c\u00e9+/\""));
        Assert.Equal("\"{\\\"id\\\":1}\"", JsonStringify.String("{\"id\":1}"));
    }

    [Fact]
    public void The_envelope_is_decoded_twice_when_its_body_is_text_and_once_otherwise()
    {
        using (var text = ValorEnvelope.Parse(Encoding.UTF8.GetBytes("""{"statusCode":200,"X-Continuation-Token":"t1","body":"[{\"a\":1}]"}"""), null))
        {
            Assert.Equal(JsonValueKind.Array, text.Body.ValueKind);
            Assert.Equal("t1", text.Token!.Value.GetString());
        }
        using (var json = ValorEnvelope.Parse(Encoding.UTF8.GetBytes("""{"statusCode":200,"body":[{"a":1}]}"""), "\"t2\""))
        {
            Assert.Equal(1, json.Body[0].GetProperty("a").GetInt32());
            Assert.Equal("t2", json.Token!.Value.GetString());
        }
        using (var bare = ValorEnvelope.Parse(Encoding.UTF8.GetBytes("""[{"a":1}]"""), null))
        {
            Assert.Equal(JsonValueKind.Array, bare.Body.ValueKind);
            Assert.False(bare.HasToken);
        }
        Assert.Equal(500, ValorEnvelope.PeekInnerStatus(Encoding.UTF8.GetBytes("""{"body":"{\"statusCode\":1}","statusCode":500}""")));
        Assert.Null(ValorEnvelope.PeekInnerStatus(Encoding.UTF8.GetBytes("""{"WorkoutMetrics":{}}""")));
        var invalid = Assert.ThrowsAny<SportsDataException>(() => ValorEnvelope.Parse(Encoding.UTF8.GetBytes("""{"body":"not json"}"""), null));
        Assert.Equal(FailureKind.InvalidData, invalid.Kind);
    }
}
