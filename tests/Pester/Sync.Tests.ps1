#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Sync-PolarTeamPro as users run it: binding, -WhatIf, progress, and the README quickstart (run twice: the second run does nothing).

BeforeAll {
    $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    $script:manifest = (Resolve-Path (Join-Path $modulePath 'SportsData.psd1')).Path
    Import-Module $manifest -Force
    Connect-PolarTeamPro -Sandbox

    function Get-DatasetHash([string] $Folder) {
        Get-ChildItem -Path $Folder -Recurse -File |
            Where-Object { $_.FullName -notmatch '[\\/]\.sportsdata[\\/]' } |
            Sort-Object FullName |
            ForEach-Object { '{0} {1} {2}' -f $_.FullName.Substring($Folder.Length), (Get-FileHash $_.FullName -Algorithm SHA256).Hash, $_.LastWriteTimeUtc.Ticks }
    }
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
        $output = pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $whatIf = @($output | Where-Object { $_ -like 'What if:*team session*' })
        $whatIf.Count | Should -BeGreaterThan 0
        ($output | Where-Object { $_ -like 'NEW=*' }) | Should -Be ('NEW=' + $whatIf.Count)
        Test-Path $folder | Should -BeFalse
    }
}

Describe 'README quickstart: sync twice' {
    BeforeAll {
        # The README's commands, run in a runspace of their own so the progress records can be read.
        $script:folder = Join-Path $TestDrive 'polar'
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$manifest'; Set-Location '$TestDrive'").AddStatement().AddScript(@'
Connect-PolarTeamPro -Sandbox
Sync-PolarTeamPro -Path ./polar -Since (Get-Date).AddDays(-3)
'@)
        $script:first = $shell.Invoke() | Select-Object -Last 1
        $script:firstErrors = @($shell.Streams.Error)
        $script:progress = @($shell.Streams.Progress)
        $script:hashes = Get-DatasetHash $folder
        $shell.Commands.Clear()
        $shell.Streams.ClearStreams()
        $null = $shell.AddScript('Sync-PolarTeamPro -Path ./polar -Since (Get-Date).AddDays(-3)')
        $script:second = $shell.Invoke() | Select-Object -Last 1
        $script:secondErrors = @($shell.Streams.Error)
        $shell.Dispose()
    }

    It 'writes the dataset on the first run' {
        $firstErrors | Should -BeNullOrEmpty
        $first.New | Should -BeGreaterThan 0
        $first.Failed | Should -Be 0
        foreach ($table in 'teams.csv', 'players.csv', 'team_sessions.csv', 'participants.csv', 'markers.csv', 'player_sessions.csv', 'session_summaries.csv', 'phase_summaries.csv') {
            Join-Path $folder $table | Should -Exist
        }
        $samples = @(Get-ChildItem (Join-Path $folder 'samples') -Recurse -Filter *.csv)
        $samples.Count | Should -Be $first.PlayerSessions
        (Import-Csv (Join-Path $folder 'player_sessions.csv')).Count | Should -Be $first.PlayerSessions
        (Get-Content $samples[0].FullName -TotalCount 1) | Should -BeLike 'team_session_id,player_session_id,player_id,time,offset_ms,heart_rate,*'
    }

    It 'reports throttled progress with sessions done, rows and the time left' {
        $sync = @($progress | Where-Object Activity -eq 'Sync-PolarTeamPro')
        $sync.Count | Should -BeGreaterThan 0
        $sync.Count | Should -BeLessThan (4 * [Math]::Max(1, $first.Duration.TotalSeconds) + 10)
        $sync.StatusDescription | Where-Object { $_ -match '^\d+ of \d+ sessions, [\d,]+ rows' } | Should -Not -BeNullOrEmpty
        if ($first.New -gt 1) { $sync.StatusDescription | Where-Object { $_ -match 'left' } | Should -Not -BeNullOrEmpty }
    }

    It 'does nothing on the second run' {
        $secondErrors | Should -BeNullOrEmpty
        $second.New | Should -Be 0
        $second.Changed | Should -Be 0
        $second.Unchanged | Should -Be ($first.New + $first.Changed)
        $second.Files | Should -Be 0
        Get-DatasetHash $folder | Should -Be $hashes
    }
}
