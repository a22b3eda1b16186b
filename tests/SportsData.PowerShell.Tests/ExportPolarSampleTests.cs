using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Management.Automation;
using System.Text;
using SportsData.Polar;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;
using SportsData.Tests.Infrastructure;
using Sylvan.Data.Csv;

namespace SportsData.PowerShell.Tests;

/// <summary>Export-PolarSample and Get-PolarSample's read-ahead as PowerShell runs them, against the simulator over loopback HTTP, with real files.</summary>
public sealed class ExportPolarSampleTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;
    private ModuleRunspace _ps = null!;
    private string _folder = null!;
    private readonly List<string> _requests = new();

    private PolarDemoData Data => _server.World.Polar.Data;

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync();
        _server.World.RequestReceived += r => { lock (_requests) _requests.Add(r.Path); };
        _folder = Directory.CreateTempSubdirectory("sd-export-ps-").FullName;
        _ps = new ModuleRunspace();
        string token = _server.World.Polar.OAuth.IssueAccessToken(PolarSimulator.DemoClientId, TimeSpan.FromHours(2));
        var secure = new System.Security.SecureString();
        foreach (char c in token) secure.AppendChar(c);
        var connect = _ps.Run("Connect-PolarTeamPro -AccessToken $token -ApiBaseUri $uri -MaxRetryCount 1 | Out-Null; $null = $ExecutionContext.SessionState.Path.SetLocation($folder)",
            new Dictionary<string, object?> { ["token"] = secure, ["uri"] = _server.BaseUri, ["folder"] = _folder });
        Assert.Empty(connect.Errors);
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private TeamSessionSeed Team(int index) => Data.Teams[0].Sessions.Where(s => s.Participants.Count >= 5).ElementAt(index);

    private int SampleRequests() { lock (_requests) return _requests.Count(p => p.StartsWith("/v1/training_sessions/", StringComparison.Ordinal) && !p.Contains("summary")); }

    [Fact]
    public void One_file_for_a_team_session_holds_every_row_Get_PolarSample_gives_in_order_and_PassThru_describes_it()
    {
        TeamSessionSeed team = Team(0);
        var result = _ps.Run($"""
            $file = Export-PolarSample -TeamSessionId '{team.Id}' -Path samples.csv -SampleType HR,Speed,Location -PassThru
            $rows = Get-PolarSample -TeamSessionId '{team.Id}' -Type HR,Speed,Location
            $file; $rows
            """);
        Assert.Empty(result.Errors);
        var file = Assert.Single(result.Output.Select(o => o.BaseObject).OfType<PolarSampleFile>());
        var expected = result.Output.Select(o => o.BaseObject).OfType<PolarSample>().ToList();
        string path = Path.Combine(_folder, "samples.csv");
        Assert.Equal(path, file.Path);
        Assert.Equal(new FileInfo(path).Length, file.Bytes);
        Assert.Equal(team.Participants.Sum(p => p.SampleCount), file.Rows);
        Assert.Equal(team.Participants.Count, file.Sessions);
        Assert.Equal(DataFormat.Csv, file.Format);
        Assert.Equal(team.Participants.Select(p => p.Id), expected.Select(s => s.PlayerSessionId).Distinct()); // input order
        var (header, actual) = ReadCsv(File.OpenRead(path));
        Assert.Equal("team_session_id,player_session_id,player_id,time,offset_ms,heart_rate,speed,latitude,longitude", string.Join(",", header));
        AssertSameRows(expected, actual);
        Assert.Empty(Directory.GetFiles(_folder, ".~*"));
    }

    [Fact]
    public void Per_session_gzip_files_named_by_id_read_back_as_the_same_rows()
    {
        TeamSessionSeed team = Team(1);
        var result = _ps.Run($"""
            Export-PolarSample -TeamSessionId '{team.Id}' -Path bysession -PerSession -Format CsvGzip -SampleType HR -PassThru
            """);
        Assert.Empty(result.Errors);
        var files = result.Output.Select(o => o.BaseObject).OfType<PolarSampleFile>().ToList();
        Assert.Equal(team.Participants.Select(p => p.Id), files.Select(f => f.PlayerSessionId));
        foreach (PlayerSessionSeed seed in team.Participants)
        {
            string path = Path.Combine(_folder, "bysession", seed.Id + ".csv.gz");
            var (header, rows) = ReadCsv(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
            Assert.Equal(6, header.Length);
            Assert.Equal(seed.SampleCount, rows.Count);
            var expected = _ps.Run($"Get-PolarSample -PlayerSessionId '{seed.Id}' -PlayerId '{seed.Player.Id}' -TeamSessionId '{team.Id}' -Type HR").Output.Select(o => (PolarSample)o.BaseObject).ToList();
            AssertSameRows(expected.Select(s => new PolarSample { TeamSessionId = s.TeamSessionId, PlayerSessionId = s.PlayerSessionId, PlayerId = s.PlayerId, Offset = s.Offset, Time = s.Time, HeartRate = s.HeartRate }).ToList(), rows);
        }
    }

    [Fact]
    public void A_session_whose_body_stays_cut_writes_no_rows_gets_its_own_error_and_the_others_are_in_the_file()
    {
        TeamSessionSeed team = Team(2);
        PlayerSessionSeed broken = team.Participants[1];
        _server.World.Faults.AddCutBody("/v1/training_sessions/" + broken.Id, times: 10);
        var result = _ps.Run($"Export-PolarSample -TeamSessionId '{team.Id}' -Path cut.csv -SampleType HR -PassThru");
        var error = Assert.Single(result.Errors);
        Assert.Equal(broken.Id, error.TargetObject);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        var file = (PolarSampleFile)result.Output.Single().BaseObject;
        var (_, rows) = ReadCsv(File.OpenRead(Path.Combine(_folder, "cut.csv")));
        Assert.Equal(team.Participants.Where(p => p != broken).Select(p => p.Id), rows.Select(r => r.PlayerSessionId).Distinct());
        Assert.Equal(team.Participants.Where(p => p != broken).Sum(p => p.SampleCount), rows.Count);
        Assert.Equal(rows.Count, file.Rows);
    }

    [Theory]
    [InlineData("-Path ([IO.Path]::Combine($pwd.Path, 'missing', 'x.csv'))", "InvalidParameter.Path")]
    [InlineData("-Path $pwd", "InvalidParameter.Path")]
    [InlineData("-Path samples.txt", "InvalidParameter.Format")]
    [InlineData("-Path s.parquet -Append", "InvalidParameter.Append")]
    public void Bad_paths_and_combinations_stop_before_any_request_with_an_error_naming_the_parameter(string arguments, string errorId)
    {
        var error = Assert.Single(_ps.Run($"Export-PolarSample -PlayerSessionId 'x' {arguments}").Errors);
        Assert.Equal(errorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("-" + errorId.Split('.')[1], error.Exception.Message);
        Assert.Equal(0, SampleRequests());
    }

    [Fact]
    public void A_file_the_system_cannot_create_is_an_error_naming_Path_before_any_request()
    {
        string name = new string('n', 300) + ".csv"; // longer than any file system's name limit
        var error = Assert.Single(_ps.Run($"Export-PolarSample -PlayerSessionId 'x' -Path {name}").Errors);
        Assert.Equal("Export.PathNotWritable", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("-Path '" + name + "'", error.Exception.Message);
        Assert.IsAssignableFrom<IOException>(error.Exception.InnerException);
        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Equal(0, SampleRequests());
    }

    [Fact]
    public void WhatIf_writes_nothing_and_fetches_nothing_and_NoClobber_keeps_the_existing_file()
    {
        TeamSessionSeed team = Team(0);
        var result = _ps.Run($"Export-PolarSample -TeamSessionId '{team.Id}' -Path whatif.csv -WhatIf");
        Assert.Empty(result.Errors);
        Assert.False(File.Exists(Path.Combine(_folder, "whatif.csv")));
        Assert.Equal(0, SampleRequests());

        File.WriteAllText(Path.Combine(_folder, "keep.csv"), "keep");
        var error = Assert.Single(_ps.Run($"Export-PolarSample -TeamSessionId '{team.Id}' -Path keep.csv -NoClobber").Errors);
        Assert.Equal("Export.FileExists", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(0, SampleRequests());
        Assert.Equal("keep", File.ReadAllText(Path.Combine(_folder, "keep.csv")));
    }

    [Theory]
    [InlineData("append.csv")]
    [InlineData("append.csv.gz")]
    public void Append_adds_rows_under_the_one_header_and_refuses_other_columns_without_Force(string name)
    {
        PlayerSessionSeed first = Team(0).Participants[0], second = Team(1).Participants[0];
        _ps.Run($"Export-PolarSample -PlayerSessionId '{first.Id}' -Path {name} -SampleType HR");
        var result = _ps.Run($"Export-PolarSample -PlayerSessionId '{second.Id}' -Path {name} -SampleType HR -Append -PassThru");
        Assert.Empty(result.Errors);
        Assert.True(((PolarSampleFile)result.Output.Single().BaseObject).Appended);
        string path = Path.Combine(_folder, name);
        Stream Open() => name.EndsWith(".gz") ? new GZipStream(File.OpenRead(path), CompressionMode.Decompress) : File.OpenRead(path);
        var (_, rows) = ReadCsv(Open());
        Assert.Equal(new[] { first.Id, second.Id }, rows.Select(r => r.PlayerSessionId).Distinct());
        Assert.Equal(first.SampleCount + second.SampleCount, rows.Count);

        var error = Assert.Single(_ps.Run($"Export-PolarSample -PlayerSessionId '{second.Id}' -Path {name} -SampleType Speed -Append").Errors);
        Assert.Equal("Export.AppendColumnsDiffer", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(first.SampleCount + second.SampleCount, ReadCsv(Open()).Rows.Count);
        var forced = _ps.Run($"Export-PolarSample -PlayerSessionId '{second.Id}' -Path {name} -SampleType Speed -Append -Force -PassThru");
        Assert.Equal(first.SampleCount + 2 * second.SampleCount, ReadCsv(Open()).Rows.Count);
    }

    [Fact]
    public void Sessions_are_fetched_several_at_a_time_and_come_out_in_input_order()
    {
        TeamSessionSeed team = Team(3);
        PlayerSessionSeed[] sessions = team.Participants.Take(4).ToArray();
        string input = string.Join(",", sessions.Select(s => "'" + s.Id + "'")) + " | ForEach-Object { [pscustomobject]@{ PlayerSessionId = $_ } }";

        // What the server sees, not how long it took: each session request is held 2 s, so requests sent one after
        // another are never in flight together, requests sent several at a time are (however slow the machine is).
        var paths = sessions.Select(s => "/v1/training_sessions/" + s.Id).ToHashSet(StringComparer.Ordinal);
        object gauge = new();
        int inFlight = 0, maxInFlight = 0;
        Action<SimRequest> received = r => { if (paths.Contains(r.Path)) lock (gauge) maxInFlight = Math.Max(maxInFlight, ++inFlight); };
        Action<SimRequest, SimResponse> sent = (r, _) => { if (paths.Contains(r.Path)) lock (gauge) inFlight--; };
        _server.World.RequestReceived += received;
        _server.World.ResponseSent += sent;
        int MostInFlight(string script, out ModuleRunspace.Result result)
        {
            foreach (string path in paths) _server.World.Faults.AddDelay(path, TimeSpan.FromSeconds(2), times: 1);
            lock (gauge) { inFlight = 0; maxInFlight = 0; }
            result = _ps.Run(script);
            Assert.Empty(result.Errors);
            Assert.Equal(0, _server.World.Faults.Pending); // every session request was held
            lock (gauge) return maxInFlight;
        }
        int export = MostInFlight(input + " | Export-PolarSample -Path order.csv -SampleType HR -ThrottleLimit 4", out _);
        int get = MostInFlight(input + " | Get-PolarSample -Type HR -ThrottleLimit 4", out var rows);
        _server.World.RequestReceived -= received;
        _server.World.ResponseSent -= sent;
        Assert.InRange(export, 2, 4); // several at a time, never more than -ThrottleLimit
        Assert.InRange(get, 2, 4);

        Assert.Equal(sessions.Select(s => s.Id), rows.Output.Select(o => ((PolarSample)o.BaseObject).PlayerSessionId).Distinct());
        Assert.Equal(sessions.Sum(s => s.SampleCount), rows.Output.Count);
        var (_, written) = ReadCsv(File.OpenRead(Path.Combine(_folder, "order.csv")));
        Assert.Equal(sessions.Select(s => s.Id), written.Select(r => r.PlayerSessionId).Distinct());
        Assert.Equal(0, _server.World.Polar.RateLimitedCount);
    }

    [Fact]
    public void Ctrl_C_stops_the_read_ahead_promptly_while_a_later_session_is_still_in_flight()
    {
        TeamSessionSeed team = Team(4);
        _server.World.Faults.AddDelay("/v1/training_sessions/" + team.Participants[1].Id, TimeSpan.FromSeconds(120), times: 1);
        _ps.Run("$global:taken = [System.Collections.Generic.List[object]]::new()");
        var taken = (List<object>)_ps.Variable("taken")!;
        using var slow = _ps.Create($"Get-PolarSample -TeamSessionId '{team.Id}' -Type HR | ForEach-Object {{ $global:taken.Add($_) }}");
        var running = slow.BeginInvoke();
        var clock = Stopwatch.StartNew();
        while (taken.Count < team.Participants[0].SampleCount && clock.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(10);
        Assert.Equal(team.Participants[0].SampleCount, taken.Count); // the first session came whole, the second is held up
        clock.Restart();
        slow.Stop(); // what Ctrl+C does
        Assert.True(running.IsCompleted);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"stopping took {clock.Elapsed}"); // the held request would take 2 minutes
    }

    private static (string[] Header, List<PolarSample> Rows) ReadCsv(Stream stream)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false));
        using CsvDataReader csv = CsvDataReader.Create(text);
        string[] header = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        var rows = new List<PolarSample>();
        while (csv.Read())
        {
            var s = new PolarSample();
            for (int i = 0; i < header.Length; i++)
            {
                string v = csv.GetString(i);
                double? d = v.Length == 0 || i < 5 ? null : double.Parse(v, CultureInfo.InvariantCulture);
                switch (header[i])
                {
                    case "team_session_id": s.TeamSessionId = v.Length == 0 ? null : v; break;
                    case "player_session_id": s.PlayerSessionId = v; break;
                    case "player_id": s.PlayerId = v.Length == 0 ? null : v; break;
                    case "time": s.Time = v.Length == 0 ? null : DateTime.ParseExact(v, "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture); break;
                    case "offset_ms": s.Offset = TimeSpan.FromMilliseconds(long.Parse(v, CultureInfo.InvariantCulture)); break;
                    case "heart_rate": s.HeartRate = d; break;
                    case "speed": s.Speed = d; break;
                    case "latitude": s.Latitude = d; break;
                    case "longitude": s.Longitude = d; break;
                    default: throw new InvalidOperationException(header[i]);
                }
            }
            rows.Add(s);
        }
        return (header, rows);
    }

    private static void AssertSameRows(List<PolarSample> expected, List<PolarSample> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            PolarSample e = expected[i], a = actual[i];
            Assert.True((e.TeamSessionId, e.PlayerSessionId, e.PlayerId, e.Offset, e.Time, e.HeartRate, e.Speed, e.Latitude, e.Longitude)
                == (a.TeamSessionId, a.PlayerSessionId, a.PlayerId, a.Offset, a.Time, a.HeartRate, a.Speed, a.Latitude, a.Longitude), $"row {i}");
        }
    }
}
