#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# What only PowerShell can show for the Polar cmdlets: import, binding, the pipeline to Export-Csv, errors.

BeforeAll {
    $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    Import-Module (Join-Path $modulePath 'SportsData.psd1') -Force
    Connect-PolarTeamPro -Sandbox
}

AfterAll {
    Remove-Module SportsData -ErrorAction SilentlyContinue
}

Describe 'Module import' {
    It 'exports the Polar cmdlets from the manifest' {
        $names = (Get-Command -Module SportsData).Name
        foreach ($name in 'Connect-PolarTeamPro', 'Disconnect-PolarTeamPro', 'Get-PolarTeam', 'Get-PolarTeamPlayer', 'Get-PolarSportProfile',
            'Get-PolarTeamSession', 'Get-PolarPlayerSession', 'Get-PolarSessionSummary', 'Get-PolarPhaseSummary', 'Get-PolarSample', 'Get-PolarRRInterval') {
            $names | Should -Contain $name
        }
    }

    It 'declares its output types' {
        (Get-Command Get-PolarSample).OutputType.Name | Should -Contain 'SportsData.Polar.PolarSample'
    }
}

Describe 'Pipeline binding by property name' {
    BeforeAll {
        $script:team = Get-PolarTeam -First 1
        $script:session = $team | Get-PolarTeamSession -First 1
        $script:details = $session | Get-PolarTeamSession
    }

    It 'binds a team to Get-PolarTeamSession, Get-PolarTeamPlayer and Get-PolarSportProfile' {
        $session.TeamId | Should -Be $team.TeamId
        ($team | Get-PolarTeamPlayer).Count | Should -BeGreaterThan 10
        ($team | Get-PolarSportProfile).Sport | Should -Contain 'SOCCER'
    }

    It 'binds a team session to Get-PolarTeamSession for its details' {
        $details | Should -BeOfType ([SportsData.Polar.PolarTeamSessionDetails])
        $details.Participants.Count | Should -BeGreaterThan 0
    }

    It 'binds participants to the player-session cmdlets' {
        $participant = $details.Participants[0]
        $summary = $participant | Get-PolarSessionSummary
        $summary.PlayerSessionId | Should -Be $participant.PlayerSessionId
        $summary.TeamSessionId | Should -Be $details.TeamSessionId
        ($participant | Get-PolarPhaseSummary).PhaseName | Should -Be @('Warm-up', 'Main part', 'Cool-down')
        ($participant | Get-PolarPlayerSession).PlayerSessionId | Should -Be $participant.PlayerSessionId
        ($participant | Get-PolarRRInterval -ErrorAction Stop | Select-Object -First 5).Count | Should -Be 5
    }

    It 'binds roster rows to Get-PolarPlayerSession listings' {
        $player = $team | Get-PolarTeamPlayer | Select-Object -First 1
        $sessions = $player | Get-PolarPlayerSession -Type TEAM -First 3
        $sessions.Count | Should -Be 3
        $sessions.PlayerId | Should -Be (@($player.PlayerId) * 3)
    }

    It 'expands a team session to every participant and skips duplicates' {
        $ids = $details.Participants.PlayerSessionId
        $summaries = @($session, $session) | Get-PolarSessionSummary
        $summaries.PlayerSessionId | Should -Be $ids
    }
}

Describe 'The documented export pipeline' {
    It 'writes one CSV row per participant per sample' {
        $csv = Join-Path $TestDrive 'samples.csv'
        $teamSession = Get-PolarTeam -First 1 | Get-PolarTeamSession -Since (Get-Date).AddDays(-7) -First 1
        $teamSession | Should -Not -BeNullOrEmpty
        $teamSession | Get-PolarSample -Type hr, speed | Export-Csv -Path $csv -NoTypeInformation

        # Every participant recorded the whole session at 10 Hz: one row per 0.1 s each.
        $details = $teamSession | Get-PolarTeamSession
        $expected = $details.Participants.Count * ($details.EndTime - $details.StartTime).TotalSeconds * 10
        $rows = Import-Csv -Path $csv
        $rows.Count | Should -Be $expected
        $rows[0].PSObject.Properties.Name | Should -Contain 'HeartRate'
        ($rows | Select-Object -ExpandProperty PlayerSessionId -Unique).Count | Should -Be ($teamSession | Get-PolarTeamSession).Participants.Count
    }

    It 'keeps fields the module does not map on the object, out of the exported columns, and no cell is a type name' {
        $csv = Join-Path $TestDrive 'details.csv'
        $details = Get-PolarTeam -First 1 | Get-PolarTeamSession -First 1 | Get-PolarTeamSession
        $details | Export-Csv -Path $csv -NoTypeInformation
        $row = Import-Csv -Path $csv
        $row.psobject.Properties.Name | Should -Not -Contain 'AdditionalProperties'
        $row.psobject.Properties.Name | Should -Not -Contain 'Participants'
        $row.psobject.Properties.Value | Should -Not -Match '^(System|SportsData)\.'
        $row.ParticipantCount | Should -Be $details.Participants.Count
        $details.AdditionalProperties['future_field'] | Should -Be 'kept by the client'
    }

    It 'shows a table view first while Select-Object * keeps every column' {
        $session = Get-PolarTeam -First 1 | Get-PolarTeamSession -First 1
        $table = ($session | Format-Table | Out-String -Width 200)
        $table | Should -Match 'TeamSessionId\s+StartTime\s+Type\s+Name\s+Duration'
        $table | Should -Not -Match 'RecordEndTime'
        ($session | Select-Object * | Get-Member -MemberType NoteProperty).Name | Should -Contain 'RecordEndTime'
    }

    It 'stops the download when Select-Object -First has enough' {
        $rows = Get-PolarTeam -First 1 | Get-PolarTeamSession -First 1 | Get-PolarSample -Type HR | Select-Object -First 10
        $rows.Count | Should -Be 10
    }
}

Describe 'Errors' {
    It 'gives a not-found error with a specific id and category' {
        $err = $null
        Get-PolarTeam -TeamId 'no-such-team' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PolarApi.NotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'names the parameter when input is missing' {
        $err = $null
        Get-PolarTeamSession -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidParameter.TeamId*'
    }

    It 'validates the page size' {
        { Get-PolarTeam -PageSize 500 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'says how to connect when there is no connection' {
        Disconnect-PolarTeamPro
        { Get-PolarTeam -ErrorAction Stop } | Should -Throw '*Connect-PolarTeamPro*'
        Connect-PolarTeamPro -Sandbox
    }

    It 'Disconnect-PolarTeamPro supports -WhatIf for the token cache' {
        (Get-Command Disconnect-PolarTeamPro).Parameters.Keys | Should -Contain 'WhatIf'
    }
}

Describe 'Connections' {
    It '-PassThru returns a connection usable with -Connection, without secrets in its properties' {
        $connection = Connect-PolarTeamPro -Sandbox -PassThru
        $connection.IsSandbox | Should -BeTrue
        (Get-PolarTeam -Connection $connection).Count | Should -Be 2
        ($connection | Out-String) | Should -Not -Match 'access-|refresh'
    }
}
