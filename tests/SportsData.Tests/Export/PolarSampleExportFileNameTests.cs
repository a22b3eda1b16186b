using System.IO;
using SportsData.Export;
using Xunit;

namespace SportsData.Tests.Export;

/// <summary>Export-PolarSample -PerSession names files by the portable rule, so the same ids give the same names on every system.</summary>
public sealed class PolarSampleExportFileNameTests
{
    [Theory]
    [InlineData("AbC-123_x.y", "AbC-123_x.y.csv")]
    [InlineData("2026:06:29 session", "2026_06_29_session.csv")]
    [InlineData("a<b>c|d?e*f\"g", "a_b_c_d_e_f_g.csv")]
    [InlineData("García", "Garc_a.csv")]
    [InlineData("..", "__.csv")]
    public void Per_session_files_are_named_by_the_portable_rule(string playerSessionId, string expected)
    {
        string folder = Path.Combine(Path.GetTempPath(), "sportsdata-names-" + Path.GetRandomFileName());
        using PolarSampleExport export = PolarSampleExport.Prepare(new PolarSampleExportRequest
        {
            GivenPath = folder,
            FullPath = folder,
            Format = DataFormat.Csv,
            PerSession = true,
        });

        string file = export.SessionFilePath(playerSessionId);

        Assert.Equal(folder, Path.GetDirectoryName(file));
        Assert.Equal(expected, Path.GetFileName(file));
    }
}
