#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Sync-PolarTeamPro as users run it: binding, -WhatIf, progress, and the README quickstart (run twice: the second run does nothing).

BeforeAll {
    $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    $script:manifest = (Resolve-Path (Join-Path $modulePath 'SportsData.psd1')).Path
    Import-Module $manifest -Force
    Connect-PolarTeamPro -Sandbox
    . (Join-Path $PSScriptRoot 'ChildPowerShell.ps1')
    . (Join-Path $PSScriptRoot 'SyncWhatIf.ps1')
}

AfterAll {
    Remove-Module SportsData -ErrorAction SilentlyContinue
}

Describe 'Sync-PolarTeamPro binding' {
    It 'is exported with its parameters and output type' {
        $command = Get-Command Sync-PolarTeamPro
        $command.Parameters.Keys | Should -Contain 'Path'
        foreach ($name in 'Since', 'Lookback', 'TeamId', 'SampleType', 'IncludeRRIntervals', 'IncludeIndividualSessions', 'Format', 'Connection', 'WhatIf', 'Confirm') {
            $command.Parameters.Keys | Should -Contain $name
        }
        $command.OutputType.Name | Should -Contain 'SportsData.Sync.PolarSyncResult'
        $command.Parameters['Format'].Attributes.ValidValues | Should -BeNullOrEmpty
        [enum]::GetNames($command.Parameters['Format'].ParameterType) | Should -Be @('Csv', 'CsvGzip', 'Parquet')
    }

    It 'takes teams from the pipeline by property name' {
        $folder = Join-Path $TestDrive 'piped'
        $result = Get-PolarTeam -First 1 | Sync-PolarTeamPro -Path $folder -SampleType None -Since (Get-Date).AddDays(-8) -WhatIf
        $result.Teams | Should -Be 1
    }

    It 'refuses a -Path that is a file with an error naming -Path' {
        $file = Join-Path $TestDrive 'a-file.txt'
        Set-Content -Path $file -Value 'keep'
        { Sync-PolarTeamPro -Path $file -SampleType None -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter.Path,SportsData.PowerShell.Polar.SyncPolarTeamPro'
        Get-Content $file | Should -Be 'keep'
    }
}

Describe 'Sync-PolarTeamPro -WhatIf' {
    It 'prints what it would fetch and writes nothing' {
        $folder = Join-Path $TestDrive 'whatif'
        $script = "Import-Module '$manifest'; Connect-PolarTeamPro -Sandbox; `$r = Sync-PolarTeamPro -Path '$folder' -Since (Get-Date).AddDays(-8) -WhatIf; 'NEW=' + `$r.New"
        Assert-WhatIfSyncWritesNothing -Command $script -Path $folder -WhatIfLike 'What if:*team session*'
    }
}

Describe 'Progress' {
    BeforeAll {
        # A background job is a new process with a new sandbox (its own burst of 100 requests), and it carries the
        # progress records back. Two team sessions of the smaller team fit in that burst whatever the weekday:
        # a window of days held up to four sessions of both teams and ran for minutes at one request per second.
        $job = Start-Job -ScriptBlock {
            param($manifest, $path)
            Import-Module $manifest
            Connect-PolarTeamPro -Sandbox
            $team = Get-PolarTeam | Where-Object Name -eq 'Harbour Hawks'
            $third = @($team | Get-PolarTeamSession -First 3)[-1]
            $team | Sync-PolarTeamPro -Path $path -Since $third.StartTime -SampleType HR
        } -ArgumentList $manifest, (Join-Path $TestDrive 'progress')
        $script:run = $job | Receive-Job -Wait | Select-Object -Last 1
        $script:progress = @($job.ChildJobs[0].Progress)
        $job | Remove-Job
    }

    It 'reports throttled progress with sessions done, rows and the time left' {
        $run.New | Should -BeGreaterThan 0
        $sync = @($progress | Where-Object Activity -eq 'Sync-PolarTeamPro')
        $sync.Count | Should -BeGreaterThan 0
        $sync.Count | Should -BeLessThan (4 * [Math]::Max(1, $run.Duration.TotalSeconds) + 10)
        $sync.StatusDescription | Where-Object { $_ -match '^\d+ of \d+ sessions, [\d,]+ rows' } | Should -Not -BeNullOrEmpty
        $run.New | Should -Be 2
        $sync.StatusDescription | Where-Object { $_ -match 'left' } | Should -Not -BeNullOrEmpty
    }
}

Describe 'README quickstart: sync twice' {
    BeforeAll {
        # The README's commands, in a fresh pwsh as a user would run them: a new sandbox whose first timed change
        # comes five minutes after it starts, after both runs (a few hundred requests at one per second at most).
        $script:folder = Join-Path $TestDrive 'quickstart'
        $null = New-Item -ItemType Directory -Path $folder
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
Set-Location '$folder'
function Get-DatasetHash { Get-ChildItem ./polar -Recurse -File | Where-Object FullName -notmatch '[\\/]\.sportsdata[\\/]' | Sort-Object FullName | ForEach-Object { (Get-FileHash `$_.FullName).Hash + ' ' + `$_.LastWriteTimeUtc.Ticks } }
Connect-PolarTeamPro -Sandbox
`$first = Sync-PolarTeamPro -Path ./polar -Since (Get-Date).AddDays(-3)
`$before = Get-DatasetHash
`$second = Sync-PolarTeamPro -Path ./polar -Since (Get-Date).AddDays(-3)
`$after = Get-DatasetHash
[pscustomobject]@{
    First = `$first | Select-Object New, Changed, Failed, PlayerSessions
    Second = `$second | Select-Object New, Changed, Unchanged, Failed, Files
    Unchanged = (`$before -join ';') -eq (`$after -join ';')
    Samples = @(Get-ChildItem ./polar/samples -Recurse -Filter *.csv).Count
    Header = Get-Content (Get-ChildItem ./polar/samples -Recurse -Filter *.csv | Select-Object -First 1).FullName -TotalCount 1
} | ConvertTo-Json -Compress
"@
        $output = Invoke-ChildPowerShell -NoProfile -NonInteractive -Command $script
        $script:exitCode = $LASTEXITCODE
        $script:result = $output | Select-Object -Last 1 | ConvertFrom-Json
    }

    It 'writes the dataset on the first run' {
        $exitCode | Should -Be 0
        $result.First.New | Should -BeGreaterThan 0
        $result.First.Failed | Should -Be 0
        foreach ($table in 'teams.csv', 'players.csv', 'team_sessions.csv', 'participants.csv', 'markers.csv', 'player_sessions.csv', 'session_summaries.csv', 'phase_summaries.csv') {
            Join-Path $folder "polar/$table" | Should -Exist
        }
        $result.Samples | Should -Be $result.First.PlayerSessions
        (Import-Csv (Join-Path $folder 'polar/player_sessions.csv')).Count | Should -Be $result.First.PlayerSessions
        $result.Header | Should -BeLike 'team_session_id,player_session_id,player_id,time,offset_ms,heart_rate,*'
    }

    It 'does nothing on the second run' {
        $result.Second.New | Should -Be 0
        $result.Second.Changed | Should -Be 0
        $result.Second.Unchanged | Should -Be ($result.First.New + $result.First.Changed)
        $result.Second.Files | Should -Be 0
        $result.Unchanged | Should -BeTrue
    }
}
