using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Polar;

namespace SportsData.PowerShell.Polar
{
    /// <summary>
    /// Base of the cmdlets that work on player sessions: they take player sessions (or participants) by
    /// property name, or team sessions, which they expand to every participant. Each player session is
    /// processed once per invocation, however it was reached. One parameter set on purpose: participants carry
    /// both ids and PowerShell would otherwise bind them to the default set; the ids decide.
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
                Run(teamSessionId, async (channel, ct) =>
                {
                    PolarTeamSessionDetails team = await Client.GetTeamSessionAsync(teamSessionId, ct).ConfigureAwait(false);
                    channel.Verbose($"Polar: team session {teamSessionId} has {team.Participants.Length} participant(s).");
                    int index = 0;
                    foreach (PolarParticipant participant in team.Participants)
                    {
                        channel.Progress("Polar: " + Activity, "team session " + teamSessionId + ", player " + (index + 1) + " of " + team.Participants.Length, index++, team.Participants.Length);
                        if (!_done.Add(participant.PlayerSessionId)) continue;
                        try
                        {
                            await ProcessPlayerSessionAsync(participant.PlayerSessionId, participant.PlayerId, teamSessionId, channel, ct).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (!ct.IsCancellationRequested && !(ex is PipelineStoppedException))
                        {
                            // One player's failure, whatever it is, does not lose the other players' data.
                            channel.WriteError(ex, participant.PlayerSessionId);
                        }
                    }
                });
                return;
            }
            if (!_done.Add(PlayerSessionId))
            {
                WriteVerbose($"Player session {PlayerSessionId} was already processed; skipping the duplicate.");
                return;
            }
            string playerSessionId = PlayerSessionId;
            string? playerId = PlayerId;
            string? teamSession = string.IsNullOrEmpty(TeamSessionId) ? null : TeamSessionId;
            Run(playerSessionId, (channel, ct) => ProcessPlayerSessionAsync(playerSessionId, playerId, teamSession, channel, ct));
        }

        /// <summary>What the progress bar calls the work ("samples", "summaries").</summary>
        protected abstract string Activity { get; }

        protected abstract Task ProcessPlayerSessionAsync(string playerSessionId, string? playerId, string? teamSessionId, PipelineChannel channel, CancellationToken cancellationToken);
    }
}
