using System;
using System.Collections.Generic;
using System.Management.Automation;
using SportsData.Sync;
using SportsData.Sync.Valor;
using SportsData.Valor;

namespace SportsData.PowerShell.Valor
{
    /// <summary>
    /// Keeps a folder of Valor data up to date: athletes.csv, sessions.csv, reports.csv and (with -IncludeIKData) one
    /// IK file per session. Each run walks the whole session listing and fetches only sessions it has not stored;
    /// a run stopped by a fault or Ctrl+C continues where it stopped. Writes one ValorSyncResult.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "Valor", SupportsShouldProcess = true)]
    [OutputType(typeof(ValorSyncResult))]
    public sealed class SyncValor : ValorCmdlet
    {
        private readonly List<string> _athletes = new List<string>();

        /// <summary>The dataset folder (created when missing).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Also store each session's inverse-kinematics data (60 Hz, large) under ik/&lt;athlete_id&gt;/.</summary>
        [Parameter]
        public SwitchParameter IncludeIKData { get; set; }

        /// <summary>Only these athletes' sessions (binds from Get-ValorAthlete output); leave out for everyone.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? AthleteId { get; set; }

        /// <summary>Ask Valor again for the reports stored as "no report" (it answered 404 before; see reports_missing.csv).</summary>
        [Parameter]
        public SwitchParameter RecheckMissingReports { get; set; }

        /// <summary>Csv (default) or CsvGzip for the IK files. Tables are always CSV.</summary>
        [Parameter]
        public DataFormat Format { get; set; } = DataFormat.Csv;

        /// <summary>Utf8NoBom (default, the dataset contract) or Utf8Bom: every .csv file written starts with a UTF-8 byte-order mark, so Excel shows accents right when the file is double-clicked.</summary>
        [Parameter]
        public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8NoBom;

        protected override void ProcessRecord()
        {
            if (AthleteId != null) _athletes.AddRange(AthleteId);
        }

        protected override void EndProcessing()
        {
            string path = SyncCommand.DatasetPath(this, Path);
            string what = "Sync Valor sessions" + (_athletes.Count > 0 ? " of " + _athletes.Count + " athlete(s)" : string.Empty) + (IncludeIKData ? " with IK data" : string.Empty);
            if (SyncCommand.Approve(this, path, what, out bool preview))
            {
                var options = new ValorSyncOptions
                {
                    Encoding = Encoding,
                    Path = path,
                    IncludeIKData = IncludeIKData,
                    RecheckMissingReports = RecheckMissingReports,
                    AthleteIds = _athletes.Count > 0 ? _athletes.ToArray() : null,
                    Format = Format,
                };
                RunOrThrow(path, async (channel, ct) =>
                {
                    ValorSyncResult result = await ValorSync.RunAsync(Client, SyncCommand.Wire(options, channel, preview), ct).ConfigureAwait(false);
                    channel.WriteObject(result);
                });
            }
            base.EndProcessing();
        }
    }
}
