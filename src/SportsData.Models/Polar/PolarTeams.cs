using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace SportsData.Polar
{
    /// <summary>A Polar Team Pro team (GET /v1/teams).</summary>
    public class PolarTeam
    {
        public string TeamId { get; set; } = string.Empty;
        public string? Name { get; set; }
        public string? Organisation { get; set; }
        /// <summary>When the team was created (UTC).</summary>
        public DateTime? Created { get; set; }
        /// <summary>When the team was last modified (UTC).</summary>
        public DateTime? Modified { get; set; }
        /// <summary>Fields the API sent that this module does not map yet.</summary>
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        public override string ToString() => Name ?? TeamId;
    }

    /// <summary>
    /// A team with its roster and sport profiles (GET /v1/teams/{team_id}). The lists are hidden properties (out of
    /// Export-Csv): <c>$team.Players</c>, or Get-PolarTeamPlayer and Get-PolarSportProfile for rows.
    /// </summary>
    public class PolarTeamDetails : PolarTeam
    {
        [Hidden]
        public PolarTeamPlayer[] Players { get; set; } = Array.Empty<PolarTeamPlayer>();
        [Hidden]
        public PolarSportProfile[] SportProfiles { get; set; } = Array.Empty<PolarSportProfile>();
        public int PlayerCount => Players.Length;
    }

    /// <summary>One roster row: a player of a team.</summary>
    public class PolarTeamPlayer
    {
        public string TeamId { get; set; } = string.Empty;
        public string? TeamName { get; set; }
        public string PlayerId { get; set; } = string.Empty;
        public int? PlayerNumber { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Role { get; set; }
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();

        public override string ToString() => ((FirstName + " " + LastName).Trim() is { Length: > 0 } name) ? name : PlayerId;
    }

    /// <summary>A sport profile of a team (GET /v1/teams/{team_id}/sport-profiles), zones flattened to text columns.</summary>
    public class PolarSportProfile
    {
        public string TeamId { get; set; } = string.Empty;
        public string? Sport { get; set; }
        public DateTime? Created { get; set; }
        public DateTime? Modified { get; set; }
        public string? SprintThresholdType { get; set; }
        public double? SprintThreshold { get; set; }
        public string? GpsState { get; set; }
        public string? MuscleLoadSetting { get; set; }
        public string? HeartRateZoneType { get; set; }
        public string? SpeedZoneType { get; set; }
        public string? PowerZoneType { get; set; }
        /// <summary>Heart-rate zones as "lower-upper" pairs separated by ';'.</summary>
        public string? HeartRateZones { get; set; }
        /// <summary>Speed zones (km/h) as "lower-upper" pairs separated by ';'.</summary>
        public string? SpeedZones { get; set; }
        /// <summary>Power zones as "lower-upper" pairs separated by ';'.</summary>
        public string? PowerZones { get; set; }
        /// <summary>Acceleration zone limits (m/s²) separated by ';'.</summary>
        public string? AccelerationZones { get; set; }
        [Hidden] // kept for scripts ($row.AdditionalProperties); out of Export-Csv, which writes scalar columns only
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new FieldMap();
    }
}
