using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>One player session to process, with the context ids that go into its output.</summary>
    public sealed class PlayerSessionItem(string playerSessionId, string? playerId, string? teamSessionId)
    {
        public string PlayerSessionId { get; } = playerSessionId;
        public string? PlayerId { get; } = playerId;
        public string? TeamSessionId { get; } = teamSessionId;
    }

    /// <summary>
    /// Base of the cmdlets that work on player sessions: they take player sessions (or participants) by
    /// property name, or team sessions, which they expand to every participant. Each player session is
    /// processed once per invocation, however it was reached, and each failure is that session's own error
    /// record (target = its id). One parameter set on purpose: participants carry both ids and PowerShell
    /// would otherwise bind them to the default set; the ids decide.
    /// </summary>
    public abstract class PlayerSessionInputCmdlet : PolarCmdlet
    {
        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>A player session (wins over -TeamSessionId, which is then context only).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string PlayerSessionId { get; set; } = string.Empty;

        /// <summary>Carried into the output rows for context.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? PlayerId { get; set; }

        /// <summary>A team session: every participant's player session is processed.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string TeamSessionId { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(PlayerSessionId))
            {
                if (string.IsNullOrEmpty(TeamSessionId))
                {
                    WriteError(ErrorRecords.From(SportsDataException.InvalidArgument("PlayerSessionId", "Give -PlayerSessionId, or -TeamSessionId to process every participant (or pipe in team sessions, participants or player sessions)."), null));
                    return;
                }
                string teamSessionId = TeamSessionId;
                PolarParticipant[]? participants = null;
                Run(teamSessionId, async (channel, ct) =>
                {
                    PolarTeamSessionDetails team = await Client.GetTeamSessionAsync(teamSessionId, ct).ConfigureAwait(false);
                    channel.Verbose($"Polar: team session {teamSessionId} has {team.Participants.Length} participant(s).");
                    participants = team.Participants;
                });
                if (participants == null) return;
                int index = 0;
                foreach (PolarParticipant participant in participants)
                {
                    ReportProgress("Polar: " + Activity, "team session " + teamSessionId + ", player " + (index + 1) + " of " + participants.Length, index++, participants.Length);
                    if (!_done.Add(participant.PlayerSessionId)) continue;
                    Submit(new PlayerSessionItem(participant.PlayerSessionId, participant.PlayerId, teamSessionId));
                }
                return;
            }
            if (!_done.Add(PlayerSessionId))
            {
                WriteVerbose($"Player session {PlayerSessionId} was already processed; skipping the duplicate.");
                return;
            }
            Submit(new PlayerSessionItem(PlayerSessionId, PlayerId, string.IsNullOrEmpty(TeamSessionId) ? null : TeamSessionId));
        }

        /// <summary>Processes one player session (each once per invocation); its failure is its own error record.</summary>
        protected abstract void Submit(PlayerSessionItem item);

        /// <summary>What the progress bar calls the work ("samples", "summaries").</summary>
        protected abstract string Activity { get; }
    }

    /// <summary>A player-session cmdlet that reads each session's rows now, on the pipeline thread's pump, and writes them.</summary>
    public abstract class PlayerSessionRowsCmdlet<TRow> : PlayerSessionInputCmdlet where TRow : notnull
    {
        protected sealed override void Submit(PlayerSessionItem item) =>
            Run(item.PlayerSessionId, async (channel, ct) =>
            {
                foreach (TRow row in await ReadAsync(item, ct).ConfigureAwait(false)) channel.WriteObject(row);
            });

        protected abstract Task<IEnumerable<TRow>> ReadAsync(PlayerSessionItem item, CancellationToken cancellationToken);
    }

    /// <summary>
    /// A player-session cmdlet that fetches several sessions at once (-ThrottleLimit), across participants and
    /// across piped input, through the connection's one rate limiter, and writes their output strictly in input
    /// order. At most ThrottleLimit fetched sessions are held; each failure stays that session's own error record.
    /// </summary>
    public abstract class PlayerSessionReadAheadCmdlet<TFetched> : PlayerSessionInputCmdlet, IDisposable
    {
        private ReadAheadQueue<TFetched>? _queue;

        /// <summary>Player sessions fetched at the same time (1-16). Requests still go through the connection's rate limit.</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = Defaults.PlayerSessionThrottleLimit;

        protected sealed override void Submit(PlayerSessionItem item)
        {
            if (!Accept(item)) return;
            _queue ??= new ReadAheadQueue<TFetched>(ThrottleLimit, StoppingToken, Run);
            _queue.Add(item.PlayerSessionId, ct => FetchAsync(item, ct), (fetched, channel, ct) => EmitAsync(item, fetched, channel, ct));
        }

        protected override void EndProcessing()
        {
            _queue?.Drain();
            base.EndProcessing();
        }

        /// <summary>Called on the pipeline thread before a session is queued (ShouldProcess); false skips it.</summary>
        protected virtual bool Accept(PlayerSessionItem item) => true;

        /// <summary>The network part of one session, run ahead concurrently (no pipeline output here).</summary>
        protected abstract Task<TFetched> FetchAsync(PlayerSessionItem item, CancellationToken cancellationToken);

        /// <summary>The output part of one session, in input order.</summary>
        protected abstract Task EmitAsync(PlayerSessionItem item, TFetched fetched, PipelineChannel channel, CancellationToken cancellationToken);

        public void Dispose()
        {
            _queue?.Dispose();
            OnDispose();
        }

        /// <summary>Releases what a subclass holds (an unfinished file) when the cmdlet ends, stopped or not.</summary>
        protected virtual void OnDispose()
        {
        }
    }
}
