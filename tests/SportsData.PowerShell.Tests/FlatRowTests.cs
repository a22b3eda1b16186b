using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.PowerShell.Commands;
using SportsData.Connections;
using SportsData.Polar;
using SportsData.PowerShell.Aikynetix;
using SportsData.Sandbox;
using SportsData.Sandbox.Polar;
using Sylvan.Data.Csv;

namespace SportsData.PowerShell.Tests;

/// <summary>
/// Every row the cmdlets write is flat for Export-Csv and Excel: only scalar columns (no collection, dictionary or
/// type name in a cell), a seconds column beside every duration, zones as numbers equal to the API's.
/// Export-Csv enumerates PSObject.Properties; [Hidden] members are not in that enumeration, which these tests prove
/// with the real Export-Csv (Microsoft.PowerShell.Commands.Utility) rather than by assuming it.
/// Runs alone, not beside tests that edit or delete the shared sandbox world's sessions: its tests sync the same
/// sandbox several times and compare the files byte for byte.
/// </summary>
[Collection(nameof(SharedWorldFaults))]
public class FlatRowTests : ModuleTestBase
{
    private readonly TempDirectory _folder = new();

    /// <summary>Every runspace of these tests has the real Export-Csv, Import-Csv and Select-Object.</summary>
    public FlatRowTests() : base(AddCsvCmdlets) { }

    public override void Dispose()
    {
        base.Dispose();
        _folder.Dispose();
    }

    /// <summary>$folder in the scripts: the test's folder.</summary>
    private Dictionary<string, object?> FolderVariable => new() { ["folder"] = _folder.Path };

    private static readonly Regex TypeName = new(@"^(System|SportsData|Microsoft)\.[\w.`+]+(\[[\w.,\s`]*\])*(\[\])?$");
    private static readonly Regex Dump = new(@"(^\{.*=.*\}$)|(\w=[^;]*; \w+=)|(^\[.*, .*\]$)");

    /// <summary>Handles, not rows: a connection is passed to -Connection, never exported.</summary>
    private static bool IsHandle(Type type) => typeof(SportsDataConnection).IsAssignableFrom(type);

    private static IEnumerable<Type> CmdletOutputTypes() =>
        typeof(GetManagedSessionReport).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CmdletAttribute>() != null)
            .SelectMany(t => t.GetCustomAttributes<OutputTypeAttribute>())
            .SelectMany(a => a.Type)
            .Select(n => n.Type)
            .Where(t => t != null && t != typeof(void))
            .Select(t => t!)
            .Distinct();

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum || type.IsPrimitive || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid);
    }

    private static bool IsDuration(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(TimeSpan);

    /// <summary>An instance of a model type, whatever its constructor (ValorListingState's is internal).</summary>
    private static object NewInstance(Type type)
    {
        ConstructorInfo ctor = type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(c => c.GetParameters().Length).First();
        object?[] args = ctor.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
        return ctor.Invoke(args);
    }

    /// <summary>The properties Export-Csv writes for <paramref name="type"/>: PSObject.Properties, as Export-Csv enumerates them.</summary>
    private static List<(string Name, Type Type)> ExportedProperties(Type type) =>
        PSObject.AsPSObject(NewInstance(type)).Properties
            .Select(p => (p.Name, type.GetProperty(p.Name)?.PropertyType ?? typeof(object)))
            .ToList();

    [Fact]
    public void Every_output_type_of_every_cmdlet_exports_only_scalar_properties_and_a_seconds_column_beside_each_duration()
    {
        List<Type> types = CmdletOutputTypes().Where(t => !IsHandle(t)).ToList();
        Assert.Contains(typeof(PolarSessionSummary), types);
        Assert.Contains(typeof(SportsData.Aikynetix.ManagedSessionReportValue), types);
        Assert.True(types.Count >= 20, string.Join(", ", types));
        var problems = new List<string>();
        foreach (Type type in types)
        {
            List<(string Name, Type Type)> exported = ExportedProperties(type);
            Assert.NotEmpty(exported);
            foreach (var (name, propertyType) in exported)
            {
                if (!IsScalar(propertyType)) problems.Add($"{type.Name}.{name} is {propertyType}");
                if (IsDuration(propertyType) && !exported.Any(p => p.Name == name + "Seconds" && (Nullable.GetUnderlyingType(p.Type) ?? p.Type) == typeof(double)))
                {
                    problems.Add($"{type.Name}.{name} is a duration without a {name}Seconds column");
                }
            }
            // What is hidden from the export stays on the object for scripts.
            foreach (PropertyInfo hidden in type.GetProperties().Where(p => p.GetCustomAttribute<HiddenAttribute>() != null))
            {
                Assert.DoesNotContain(exported, p => p.Name == hidden.Name);
                Assert.NotNull(PSObject.AsPSObject(NewInstance(type)).Properties[hidden.Name]);
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Hidden_detail_stays_reachable_by_name_from_a_script()
    {
        var result = Run("""
            $s = [SportsData.Polar.PolarSessionSummary]::new()
            $s.HeartRateZones = @([SportsData.Polar.PolarZone]@{ Kind = 'HeartRate'; LowerLimit = 100; HigherLimit = 120; InZone = [timespan]::FromSeconds(61.5) })
            $s.AdditionalProperties['extra_field'] = 7
            [pscustomobject]@{ Zone = $s.HeartRateZones[0].HigherLimit; Seconds = $s.HeartRateZone1Seconds; Extra = $s.AdditionalProperties['extra_field']
                Names = @($s.psobject.Properties.Name) }
            """);
        Assert.Empty(result.Errors);
        dynamic output = result.Output.Single();
        Assert.Equal(120.0, (double)output.Zone);
        Assert.Equal(61.5, (double)output.Seconds);
        Assert.Equal(7L, Convert.ToInt64(output.Extra));
        var names = ((object[])output.Names).Select(o => o.ToString()).ToList();
        Assert.Contains("HeartRateZone1Seconds", names);
        Assert.DoesNotContain("HeartRateZones", names);
        Assert.DoesNotContain("AdditionalProperties", names);
    }

    private static void AddCsvCmdlets(InitialSessionState state)
    {
        state.Commands.Add(new SessionStateCmdletEntry("Export-Csv", typeof(ExportCsvCommand), null));
        state.Commands.Add(new SessionStateCmdletEntry("Import-Csv", typeof(ImportCsvCommand), null));
        state.Commands.Add(new SessionStateCmdletEntry("Select-Object", typeof(SelectObjectCommand), null));
    }

    private static List<string[]> ReadCsv(string path, char delimiter)
    {
        using var reader = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = false, Delimiter = delimiter });
        var records = new List<string[]>();
        while (reader.Read())
        {
            var record = new string[reader.RowFieldCount];
            for (int i = 0; i < record.Length; i++) record[i] = reader.GetString(i);
            records.Add(record);
        }
        return records;
    }

    [Fact]
    public void Every_row_cmdlet_over_the_sandbox_goes_through_Export_Csv_invariant_and_de_DE_without_a_type_name_or_a_dump()
    {
        var result = Run("""
            Connect-PolarTeamPro -Sandbox | Out-Null
            Connect-Valor -Sandbox | Out-Null
            Connect-Aikynetix -Sandbox | Out-Null
            $rows = [ordered]@{}
            $team = Get-PolarTeam | Select-Object -First 1
            $rows.PolarTeam = @(Get-PolarTeam)
            $rows.PolarTeamDetails = @(Get-PolarTeam -TeamId $team.TeamId)
            $rows.PolarTeamPlayer = @($team | Get-PolarTeamPlayer)
            $rows.PolarSportProfile = @($team | Get-PolarSportProfile)
            $ts = $team | Get-PolarTeamSession -First 1
            $rows.PolarTeamSession = @($ts)
            $rows.PolarTeamSessionDetails = @(Get-PolarTeamSession -TeamSessionId $ts.TeamSessionId)
            $p = $rows.PolarTeamSessionDetails[0].Participants[0]
            $rows.PolarPlayerSession = @(Get-PolarPlayerSession -PlayerId $p.PlayerId -First 2)
            $rows.PolarPlayerSessionDetails = @(Get-PolarPlayerSession -PlayerSessionId $p.PlayerSessionId)
            $rows.PolarSessionSummary = @($p | Get-PolarSessionSummary)
            $rows.PolarPhaseSummary = @($p | Get-PolarPhaseSummary)
            $rows.PolarSample = @($p | Get-PolarSample | Select-Object -First 50)
            $rows.PolarRRInterval = @($p | Get-PolarRRInterval | Select-Object -First 20)
            $rows.PolarSampleFile = @($p | Export-PolarSample -Path ([System.IO.Path]::Combine($folder, 'samples.csv')) -PassThru)
            $rows.ValorAthlete = @(Get-ValorAthlete -First 3)
            $rows.ValorSession = @(Get-ValorSession -First 2)
            $rows.ValorReportMetric = @($rows.ValorSession | Get-ValorReport)
            $rows.ValorIKFrame = @($rows.ValorSession[0] | Get-ValorIKData | Select-Object -First 30)
            $rows.ValorListingState = @(Get-ValorSessionListing)
            $rows.ManagedSession = @(Get-ManagedSession -First 3)
            $rows.ManagedSessionReportValue = @($rows.ManagedSession | Get-ManagedSessionReport)
            $rows.ManagedSessionVideo = @($rows.ManagedSession | Where-Object HasAnalyzedVideo | Select-Object -First 1 | Get-ManagedSessionVideo)
            $rows.PolarSyncResult = @([SportsData.Sync.PolarSyncResult]@{ New = 3; StartTime = [datetime]'2026-01-01T10:00:00'; EndTime = [datetime]'2026-01-01T10:00:04.25' })
            foreach ($key in $rows.Keys) {
                $invariant = [System.IO.Path]::Combine($folder, "$key.csv")
                $german = [System.IO.Path]::Combine($folder, "$key.de.csv")
                [System.Globalization.CultureInfo]::CurrentCulture = [System.Globalization.CultureInfo]::InvariantCulture
                $rows[$key] | Export-Csv -Path $invariant
                [System.Globalization.CultureInfo]::CurrentCulture = 'de-DE'
                $rows[$key] | Export-Csv -Path $german -UseCulture
                [System.Globalization.CultureInfo]::CurrentCulture = [System.Globalization.CultureInfo]::InvariantCulture
                [pscustomobject]@{ Key = $key; Count = $rows[$key].Count; Type = $rows[$key][0].GetType().FullName; Invariant = $invariant; German = $german }
            }
            """, FolderVariable);
        Assert.Empty(result.Errors);
        var files = result.Output.Select(o => (Key: (string)o.Properties["Key"].Value, Count: (int)o.Properties["Count"].Value, Type: (string)o.Properties["Type"].Value,
            Invariant: (string)o.Properties["Invariant"].Value, German: (string)o.Properties["German"].Value)).ToList();
        Assert.Equal(22, files.Count);
        CultureInfo german = CultureInfo.GetCultureInfo("de-DE");
        foreach (var file in files)
        {
            Assert.True(file.Count > 0, file.Key + " returned no rows");
            Type type = typeof(PolarSessionSummary).Assembly.GetType(file.Type)!;
            var expected = ExportedProperties(type).Select(p => p.Name).ToList();
            foreach (var (path, delimiter) in new[] { (file.Invariant, ','), (file.German, ';') })
            {
                List<string[]> records = ReadCsv(path, delimiter);
                Assert.Equal(file.Count + 1, records.Count);
                Assert.Equal(expected, records[0]);
                foreach (string[] record in records.Skip(1))
                {
                    Assert.Equal(records[0].Length, record.Length);
                    for (int i = 0; i < record.Length; i++)
                    {
                        Assert.False(TypeName.IsMatch(record[i]), $"{file.Key}.{records[0][i]} holds a type name: {record[i]}");
                        Assert.False(Dump.IsMatch(record[i]), $"{file.Key}.{records[0][i]} holds a nested dump: {record[i]}");
                    }
                    // Every duration has its seconds beside it, as a number the file's culture reads (decimal comma under de-DE).
                    for (int i = 0; i < record.Length; i++)
                    {
                        int seconds = Array.IndexOf(records[0], records[0][i] + "Seconds");
                        if (seconds < 0 || record[i].Length == 0 || !TimeSpan.TryParse(record[i], CultureInfo.InvariantCulture, out TimeSpan span)) continue;
                        double value = double.Parse(record[seconds], NumberStyles.Float, delimiter == ';' ? german : CultureInfo.InvariantCulture);
                        Assert.Equal(span.TotalSeconds, value, 6);
                        if (delimiter == ';' && span.Ticks % TimeSpan.TicksPerSecond != 0) Assert.Contains(",", record[seconds]);
                    }
                }
            }
        }
        // The columns that were a type name or a dump before: gone from the rows, numbers instead.
        string[] summaryHeader = ReadCsv(files.Single(f => f.Key == "PolarSessionSummary").Invariant, ',')[0];
        Assert.DoesNotContain("HeartRateZones", summaryHeader);
        Assert.DoesNotContain("AdditionalProperties", summaryHeader);
        Assert.Contains("HeartRateZone5Seconds", summaryHeader);
        Assert.Contains("SpeedZone1Meters", summaryHeader);
        Assert.Contains("AccelerationZone6Count", summaryHeader);
        string[] sessionHeader = ReadCsv(files.Single(f => f.Key == "ManagedSession").Invariant, ',')[0];
        Assert.DoesNotContain("Metrics", sessionHeader);
        Assert.DoesNotContain("ReportComments", sessionHeader);
        List<string[]> metrics = ReadCsv(files.Single(f => f.Key == "ManagedSessionReportValue").German, ';');
        int valueColumn = Array.IndexOf(metrics[0], "Value"), nameColumn = Array.IndexOf(metrics[0], "Name"), textColumn = Array.IndexOf(metrics[0], "Text");
        Assert.Contains(metrics.Skip(1), r => r[valueColumn].Length > 0 && double.TryParse(r[valueColumn], NumberStyles.Float, german, out _));
        Assert.Contains(metrics.Skip(1), r => r[textColumn].Length > 0 && r[nameColumn].Length > 0);
        List<string[]> samples = ReadCsv(files.Single(f => f.Key == "PolarSample").German, ';');
        Assert.Contains(samples.Skip(1), r => r[Array.IndexOf(samples[0], "OffsetSeconds")] == "0,1");
    }

    [Fact]
    public async Task Session_and_phase_summary_zone_columns_equal_the_API_numbers_in_the_object_and_in_the_csv()
    {
        var result = Run("""
            Connect-PolarTeamPro -Sandbox | Out-Null
            $ts = Get-PolarTeam | Select-Object -First 1 | Get-PolarTeamSession -First 1
            $p = (Get-PolarTeamSession -TeamSessionId $ts.TeamSessionId).Participants[0]
            $summary = $p | Get-PolarSessionSummary
            $phases = @($p | Get-PolarPhaseSummary)
            $summary | Export-Csv -Path ([System.IO.Path]::Combine($folder, 'summary.csv'))
            [System.Globalization.CultureInfo]::CurrentCulture = 'de-DE'
            $phases | Export-Csv -Path ([System.IO.Path]::Combine($folder, 'phases.de.csv')) -UseCulture
            [System.Globalization.CultureInfo]::CurrentCulture = [System.Globalization.CultureInfo]::InvariantCulture
            [pscustomobject]@{ Id = $p.PlayerSessionId; Summary = $summary; Phases = $phases }
            """, FolderVariable);
        Assert.Empty(result.Errors);
        PSObject output = result.Output.Single();
        string id = (string)output.Properties["Id"].Value;
        var summary = (PolarSessionSummary)((PSObject)output.Properties["Summary"].Value).BaseObject;
        var phases = ((object[])output.Properties["Phases"].Value).Select(o => (PolarSessionSummary)((PSObject)o).BaseObject).ToList();

        using JsonDocument summaryJson = await ApiAsync("/v1/training_sessions/" + id + "/session_summary");
        using JsonDocument phaseJson = await ApiAsync("/v1/training_sessions/" + id + "/phase_summaries");
        var summaryCsv = ReadCsv(_folder.File("summary.csv"), ',');
        JsonElement summaryObject = summaryJson.RootElement.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Object ? data : summaryJson.RootElement;
        var checkedValues = AssertZones(summaryObject, summary, summaryCsv[0], summaryCsv[1], CultureInfo.InvariantCulture);
        Assert.True(checkedValues >= 5 * 3 + 5 * 3 + 6 * 2, "zone values compared: " + checkedValues);

        JsonElement phaseList = phaseJson.RootElement.ValueKind == JsonValueKind.Array ? phaseJson.RootElement
            : phaseJson.RootElement.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value;
        var phasesCsv = ReadCsv(_folder.File("phases.de.csv"), ';');
        Assert.Equal(phaseList.GetArrayLength(), phases.Count);
        Assert.True(phases.Count > 0);
        for (int i = 0; i < phases.Count; i++)
        {
            AssertZones(phaseList[i], phases[i], phasesCsv[0], phasesCsv[i + 1], CultureInfo.GetCultureInfo("de-DE"));
        }
    }

    [Fact]
    public void Export_PolarSample_Encoding_Utf8Bom_writes_the_mark_once_also_when_appending_and_only_for_Csv()
    {
        var result = Run("""
            Connect-PolarTeamPro -Sandbox | Out-Null
            $ts = Get-PolarTeam | Select-Object -First 1 | Get-PolarTeamSession -First 1
            $p = (Get-PolarTeamSession -TeamSessionId $ts.TeamSessionId).Participants[0]
            $p | Export-PolarSample -Path ([System.IO.Path]::Combine($folder, 'plain.csv')) -SampleType HR
            $p | Export-PolarSample -Path ([System.IO.Path]::Combine($folder, 'excel.csv')) -SampleType HR -Encoding Utf8Bom
            $p | Export-PolarSample -Path ([System.IO.Path]::Combine($folder, 'appended.csv')) -SampleType HR -Encoding Utf8Bom
            $p | Export-PolarSample -Path ([System.IO.Path]::Combine($folder, 'appended.csv')) -SampleType HR -Encoding Utf8Bom -Append
            """, FolderVariable);
        Assert.Empty(result.Errors);
        byte[] plain = File.ReadAllBytes(_folder.File("plain.csv"));
        byte[] excel = File.ReadAllBytes(_folder.File("excel.csv"));
        Assert.Equal((byte)'t', plain[0]); // team_session_id: no mark by default
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(plain), excel);
        string header = Encoding.UTF8.GetString(plain).Split("\r\n")[0];
        string[] appended = Encoding.UTF8.GetString(File.ReadAllBytes(_folder.File("appended.csv")).Skip(3).ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(appended, line => line == header);
        Assert.Equal(2 * (Encoding.UTF8.GetString(plain).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1) + 1, appended.Length);
        Assert.DoesNotContain(appended.Skip(1), line => line.Contains('\uFEFF'));

        var refused = Run("""
            $p | Export-PolarSample -Path ([System.IO.Path]::Combine($folder, 'samples.csv.gz')) -Encoding Utf8Bom
            """, FolderVariable);
        ErrorRecord error = Assert.Single(refused.Errors);
        Assert.Contains("-Encoding", error.Exception.Message);
        Assert.False(File.Exists(_folder.File("samples.csv.gz")));
    }

    [Fact]
    public void Sync_ManagedSession_and_Sync_SportsData_take_Encoding_Utf8Bom_and_default_to_no_mark()
    {
        var result = Run("""
            Connect-Aikynetix -Sandbox | Out-Null
            Sync-ManagedSession -Path ([System.IO.Path]::Combine($folder, 'plain')) | Out-Null
            Sync-ManagedSession -Path ([System.IO.Path]::Combine($folder, 'excel')) -Encoding Utf8Bom | Out-Null
            Sync-SportsData -Path ([System.IO.Path]::Combine($folder, 'all')) -Encoding utf8bom | Out-Null
            """, FolderVariable);
        Assert.Empty(result.Errors);
        byte[] plain = File.ReadAllBytes(Path.Combine(_folder.Path, "plain", "sessions.csv"));
        byte[] excel = File.ReadAllBytes(Path.Combine(_folder.Path, "excel", "sessions.csv"));
        byte[] all = File.ReadAllBytes(Path.Combine(_folder.Path, "all", "aikynetix", "sessions.csv"));
        Assert.Equal((byte)'s', plain[0]); // session_id
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(plain), excel);
        Assert.Equal(excel, all);
    }

    private static async Task<JsonDocument> ApiAsync(string path)
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + SandboxWorld.Shared.Polar.OAuth.IssueAccessToken(PolarSimulator.DemoClientId, TimeSpan.FromHours(1)) };
        SimResponse response;
        // The shared world keeps Polar's 1 request/s limit, and the cmdlets before this call may have used its burst.
        for (int attempt = 1; ; attempt++)
        {
            response = await SandboxWorld.Shared.DispatchAsync(new SimRequest("GET", path, string.Empty, headers, Array.Empty<byte>()), CancellationToken.None);
            if (response.StatusCode != 429 || attempt == 10)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(response.Headers.TryGetValue("Retry-After", out string? seconds) ? double.Parse(seconds, CultureInfo.InvariantCulture) : 1));
        }

        Assert.Equal(200, response.StatusCode);
        return JsonDocument.Parse(response.Body);
    }

    /// <summary>Compares every zone field of the API's JSON with the row's zone column, in the object and in the CSV cell. Returns how many values it compared.</summary>
    private static int AssertZones(JsonElement api, PolarSessionSummary row, string[] header, string[] record, CultureInfo culture)
    {
        int compared = 0;
        void Same(double? expected, string column)
        {
            object? value = typeof(PolarSessionSummary).GetProperty(column)!.GetValue(row);
            Assert.Equal(expected, (double?)value);
            string cell = record[Array.IndexOf(header, column)];
            Assert.Equal(expected, cell.Length == 0 ? null : double.Parse(cell, NumberStyles.Float, culture));
            compared++;
        }
        double? Number(JsonElement zone, string name) => zone.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        double? Duration(JsonElement zone, string name) => zone.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? XmlConvert.ToTimeSpan(v.GetString()!).Ticks / (double)TimeSpan.TicksPerSecond : null;

        foreach (var (json, prefix, columns, fields) in new (string, string, int, (string Field, string Suffix, bool IsDuration)[])[]
        {
            ("heart_rate_zones", "HeartRateZone", PolarSessionSummary.HeartRateZoneColumns, new[] { ("in_zone", "Seconds", true), ("lower_limit", "LowerLimit", false), ("higher_limit", "HigherLimit", false) }),
            ("speed_zones_kmh", "SpeedZone", PolarSessionSummary.SpeedZoneColumns, new[] { ("in_zone", "Seconds", true), ("in_zone_meters", "Meters", false), ("lower_limit", "LowerLimitKmh", false), ("higher_limit", "HigherLimitKmh", false) }),
            ("acceleration_zones_ms2", "AccelerationZone", PolarSessionSummary.AccelerationZoneColumns, new[] { ("counter", "Count", false), ("limit", "LimitMs2", false) }),
            ("power_zones", "PowerZone", PolarSessionSummary.PowerZoneColumns, new[] { ("in_zone", "Seconds", true), ("in_zone_muscle_load", "MuscleLoad", false), ("lower_limit", "LowerLimit", false), ("higher_limit", "HigherLimit", false) }),
        })
        {
            JsonElement[] zones = api.TryGetProperty(json, out JsonElement list) ? list.EnumerateArray().ToArray() : Array.Empty<JsonElement>();
            for (int i = 0; i < columns; i++)
            {
                foreach (var (field, suffix, isDuration) in fields)
                {
                    double? expected = i < zones.Length ? (isDuration ? Duration(zones[i], field) : Number(zones[i], field)) : null;
                    Same(expected, prefix + (i + 1) + suffix);
                }
            }
        }
        return compared;
    }
}
