#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5' }
# The netstandard2.0 engine (dependencies/netstandard2.0, what Windows PowerShell 5.1 loads) writes the same bytes as
# the net8.0 engine. It is forced the way a 5.1 session gets it: a copy of the module without dependencies/net8.0, so
# the loader falls back to it. Each engine runs the same commands in a fresh PowerShell against a fresh sandbox (the
# same deterministic sessions on the same UTC day): the README quickstart export, Export-PolarSample in Csv and
# CsvGzip, and Sync-PolarTeamPro in Csv and CsvGzip. Every file must be byte-identical across the engines; and Parquet,
# which needs .NET 8, stops with its documented error on netstandard2.0, as does Publish-SportsDataset (Npgsql).

BeforeAll {
    . (Join-Path $PSScriptRoot 'ChildPowerShell.ps1')
    $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    $standardOnly = Join-Path $TestDrive 'standard/SportsData'
    $null = New-Item -ItemType Directory -Path $standardOnly -Force
    Copy-Item (Join-Path $modulePath '*') $standardOnly -Recurse
    Remove-Item (Join-Path $standardOnly 'dependencies/net8.0') -Recurse -Force
    $script:manifests = [ordered]@{
        'net8.0' = (Resolve-Path (Join-Path $modulePath 'SportsData.psd1')).Path
        'netstandard2.0' = Join-Path $standardOnly 'SportsData.psd1'
    }

    # The runs of one engine, each in its own process with its own sandbox: each has the burst of 100 requests to itself.
    $script:runs = [ordered]@{
        export = @'
Get-PolarTeam -First 1 | Get-PolarTeamSession -First 1 | Get-PolarSample -Type HR,Speed | Export-Csv ./samples.csv -NoTypeInformation
$session = Get-PolarTeam -First 1 | Get-PolarTeamSession -First 1
$null = New-Item -ItemType Directory -Path ./export
$session | Export-PolarSample -Path ./export/all.csv
$session | Export-PolarSample -Path ./export/all.csv.gz
if ($engine -eq 'netstandard2.0') {
    try { $session | Export-PolarSample -Path ../all.parquet; 'parquet:written' } catch { 'parquet-error:' + $_.FullyQualifiedErrorId; 'parquet-message:' + $_.Exception.Message }
    'parquet-file:' + (Test-Path ../all.parquet)
    try { Publish-SportsDataset -Path . -ConnectionString 'Host=127.0.0.1;Port=9;Database=sports'; 'publish:ran' } catch { 'publish-error:' + $_.FullyQualifiedErrorId; 'publish-message:' + $_.Exception.Message }
}
'@
        # One team session of the smaller team, in each format: within the sandbox's burst of 100 requests.
        sync = @'
$team = Get-PolarTeam | Where-Object Name -eq 'Harbour Hawks'
$since = @($team | Get-PolarTeamSession -First 2)[-1].StartTime
$r = $team | Sync-PolarTeamPro -Path ./sync-csv -Since $since
'synced-csv:' + $r.New + ',' + $r.Failed
$r = $team | Sync-PolarTeamPro -Path ./sync-gzip -Since $since -Format CsvGzip -IncludeRRIntervals
'synced-gzip:' + $r.New + ',' + $r.Failed
'@
    }

    # One run of one engine in a fresh PowerShell: its output lines; throws when it fails.
    $script:invokeEngine = {
        param([string] $Helper, [string] $Engine, [string] $Manifest, [string] $Folder, [string] $Body)
        . $Helper
        $null = New-Item -ItemType Directory -Path $Folder -Force
        $script = @"
`$ErrorActionPreference = 'Stop'
`$engine = '$Engine'
Import-Module '$Manifest'
Connect-PolarTeamPro -Sandbox
Set-Location '$Folder'
'engine:' + [IO.Path]::GetFileName([IO.Path]::GetDirectoryName(([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'SportsData.Core' }).Location))
$Body
"@
        $output = @(Invoke-ChildPowerShell -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        if ($LASTEXITCODE -ne 0) { throw "$Engine run failed ($LASTEXITCODE): $($output -join "`n")" }
        $output
    }

    # Relative path -> SHA-256 of every file under a folder, leaving out the sync's own state and run log (times of day).
    function Get-FileHashes([string] $Folder) {
        $hashes = [ordered]@{}
        Get-ChildItem -Path $Folder -Recurse -File | Where-Object FullName -notmatch '[\\/]\.sportsdata[\\/]' | Sort-Object FullName | ForEach-Object {
            $hashes[$_.FullName.Substring($Folder.Length).Replace('\', '/')] = (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
        }
        $hashes
    }

    # The sandbox's season ends yesterday (UTC): runs on both sides of midnight would see different sessions, so run again then.
    for ($attempt = 1; $attempt -le 2; $attempt++) {
        $day = [DateTime]::UtcNow.Date
        $script:root = Join-Path $TestDrive "attempt$attempt"
        # Two runs at a time: most of a run is waiting for the sandbox or for one core.
        $work = foreach ($run in $runs.Keys) {
            foreach ($engine in $manifests.Keys) {
                [pscustomobject]@{ Key = "$engine/$run"; Engine = $engine; Manifest = $manifests[$engine]; Folder = Join-Path $root "$engine/files"; Body = $runs[$run] }
            }
        }
        $helper = Join-Path $PSScriptRoot 'ChildPowerShell.ps1'
        $invoke = $invokeEngine.ToString()
        $results = $work | ForEach-Object -ThrottleLimit 2 -Parallel {
            $lines = & ([scriptblock]::Create($using:invoke)) $using:helper $_.Engine $_.Manifest $_.Folder $_.Body
            [pscustomobject]@{ Key = $_.Key; Lines = @($lines) }
        }
        $script:output = @{}
        foreach ($result in $results) { $output[$result.Key] = $result.Lines }
        $output.Count | Should -Be $work.Count -Because 'every run finished'
        if ([DateTime]::UtcNow.Date -eq $day) { break }
    }
    $script:net8 = Get-FileHashes (Join-Path $root 'net8.0/files')
    $script:standard = Get-FileHashes (Join-Path $root 'netstandard2.0/files')
}

Describe 'The netstandard2.0 engine (Windows PowerShell 5.1) against the net8.0 engine' {
    It 'ran each engine where it was meant to' {
        foreach ($run in $runs.Keys) {
            $output["net8.0/$run"] | Should -Contain 'engine:net8.0'
            $output["netstandard2.0/$run"] | Should -Contain 'engine:netstandard2.0'
        }
    }

    It 'wrote files in every run, and the syncs fetched sessions without failures' {
        foreach ($prefix in '/samples.csv', '/export/all.csv', '/export/all.csv.gz', '/sync-csv/team_sessions.csv', '/sync-csv/samples/', '/sync-gzip/samples/', '/sync-gzip/rr/') {
            @($net8.Keys | Where-Object { $_.StartsWith($prefix) }).Count | Should -BeGreaterThan 0 -Because "the net8.0 engine wrote $prefix"
        }
        @($net8.Keys | Where-Object { $_ -like '/sync-gzip/samples/*.csv.gz' }).Count | Should -BeGreaterThan 0
        foreach ($engine in $manifests.Keys) {
            foreach ($format in 'csv', 'gzip') {
                ($output["$engine/sync"] | Where-Object { $_ -like "synced-$($format):*" }) | Should -Match '^synced-\w+:[1-9]\d*,0$' -Because "$engine $format"
            }
        }
    }

    It 'writes the same files, byte for byte: quickstart export, Export-PolarSample Csv and CsvGzip, sync in Csv and CsvGzip' {
        @($standard.Keys) | Should -Be @($net8.Keys)
        $different = @($net8.Keys | Where-Object { $standard[$_] -ne $net8[$_] })
        $different | Should -BeNullOrEmpty -Because 'every file of the netstandard2.0 engine should be byte-identical to the net8.0 engine''s'
    }

    It 'stops -Format Parquet with the documented error on netstandard2.0 and writes no file' {
        ($output['netstandard2.0/export'] | Where-Object { $_ -like 'parquet-error:*' }) | Should -BeLike 'parquet-error:Export.ParquetNeedsPowerShell7*'
        ($output['netstandard2.0/export'] | Where-Object { $_ -like 'parquet-message:*' }) | Should -BeLike '*PowerShell 7.4*'
        $output['netstandard2.0/export'] | Should -Contain 'parquet-file:False'
    }

    It 'stops Publish-SportsDataset on netstandard2.0 (Windows PowerShell 5.1) with an error that asks for PowerShell 7.4+' {
        ($output['netstandard2.0/export'] | Where-Object { $_ -like 'publish-error:*' }) | Should -BeLike 'publish-error:Publish.NeedsPowerShell7*'
        ($output['netstandard2.0/export'] | Where-Object { $_ -like 'publish-message:*' }) | Should -BeLike '*PowerShell 7.4*'
    }
}
