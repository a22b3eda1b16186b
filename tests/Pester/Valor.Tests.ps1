#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Valor cmdlets against the in-process sandbox: import, parameter binding, the export pipeline, resuming.

BeforeAll {
    $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    Import-Module (Join-Path $modulePath 'SportsData.psd1') -Force -ErrorAction Stop
    Connect-Valor -Sandbox
}

AfterAll {
    Disconnect-Valor -ErrorAction SilentlyContinue
    Remove-Module SportsData -ErrorAction SilentlyContinue
}

Describe 'Valor module import' {
    It 'exports every Valor cmdlet' {
        $names = (Get-Command -Module SportsData -Noun 'Valor*').Name | Sort-Object
        $names | Should -Be @('Connect-Valor', 'Disconnect-Valor', 'Get-ValorAthlete', 'Get-ValorIKData', 'Get-ValorReport', 'Get-ValorSession', 'Get-ValorSessionListing', 'Sync-Valor')
    }

    It '<_> declares its output type' -ForEach @('Connect-Valor', 'Get-ValorAthlete', 'Get-ValorSession', 'Get-ValorReport', 'Get-ValorIKData') {
        $command = Get-Command $_
        $command.OutputType.Count | Should -BeGreaterThan 0 -Because "$_ declares [OutputType]"
    }
}

Describe 'Connect-Valor' {
    It 'connects to the sandbox and returns the connection with -PassThru' {
        $connection = Connect-Valor -Sandbox -PassThru
        $connection | Should -BeOfType ([SportsData.Connections.ValorConnection])
        $connection.IsSandbox | Should -BeTrue
        $connection.AuthenticationMethod | Should -Be 'Sandbox'
        $connection.CanRenewToken | Should -BeTrue
        $connection.TokenExpiresAt | Should -BeGreaterThan ([datetimeoffset]::UtcNow.AddMinutes(50))
        ($connection | Out-String) | Should -Not -Match 'eyJ'
    }

    It 'needs -ClientId with -Credential' {
        (Get-Command Connect-Valor).Parameters['ClientId'].Attributes.Where({ $_ -is [Parameter] -and $_.ParameterSetName -eq 'Credential' }).Mandatory | Should -BeTrue
        (Get-Command Connect-Valor).Parameters['Credential'].ParameterType | Should -Be ([pscredential])
        (Get-Command Connect-Valor).Parameters['Token'].ParameterType | Should -Be ([securestring])
    }

    It 'refuses an expired token with its own error id' {
        $payload = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('{"token_use":"id","exp":1000000000}')).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        $jwt = "eyJhbGciOiJSUzI1NiJ9.$payload.c2ln"
        $secure = [securestring]::new()
        foreach ($character in $jwt.ToCharArray()) { $secure.AppendChar($character) }  # a fake, expired test token
        { Connect-Valor -Token $secure -ErrorAction Stop } | Should -Throw -ErrorId 'Valor.TokenExpired,SportsData.PowerShell.Valor.ConnectValor'
        Connect-Valor -Sandbox # the failed attempt must not leave the tests without a default connection
    }
}

Describe 'Valor parameter binding' {
    It 'binds athletes to Get-ValorSession by AthleteId' {
        $athlete = Get-ValorAthlete -First 1
        $sessions = $athlete | Get-ValorSession -First 3
        $sessions.Count | Should -Be 3
        $sessions.AthleteId | Sort-Object -Unique | Should -Be $athlete.AthleteId
    }

    It 'binds sessions to Get-ValorReport and Get-ValorIKData by S3Key, SessionId and AthleteId' {
        $session = Get-ValorSession -First 1
        $report = $session | Get-ValorReport
        $report | Should -Not -BeNullOrEmpty
        $report.SessionId | Sort-Object -Unique | Should -Be $session.SessionId
        $report.S3Key | Sort-Object -Unique | Should -Be $session.S3Key
        $frames = $session | Get-ValorIKData -Joint '*_r'
        $frames | Should -Not -BeNullOrEmpty
        $frames.Where({ $_.Joint -notlike '*_r' }).Count | Should -Be 0
        $frames[0].SessionId | Should -Be $session.SessionId
    }

    It 'types session properties cleanly' {
        $session = Get-ValorSession -First 1
        $session.Date | Should -BeOfType ([datetime])
        $session.Date.Kind | Should -Be ([DateTimeKind]::Utc)
        $session.Duration | Should -BeOfType ([timespan])
        $session.IsSingleExercise | Should -Be ($session.AssessmentId -eq 'singleExercise')
        $session.AdditionalProperties.Keys | Should -Contain 'Organization ID'
    }

    It 'rejects a page size out of range naming the parameter' {
        { Get-ValorSession -PageSize 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SportsData.PowerShell.Valor.GetValorSession'
    }
}

Describe 'Valor export pipeline' {
    It 'Get-ValorAthlete | Get-ValorSession | Get-ValorReport | Export-Csv writes one line per report row' {
        $csv = Join-Path $TestDrive 'valor-report.csv'
        $rows = Get-ValorAthlete -First 2 | Get-ValorSession -First 3 | Get-ValorReport
        Get-ValorAthlete -First 2 | Get-ValorSession -First 3 | Get-ValorReport | Export-Csv -Path $csv -NoTypeInformation
        $written = Import-Csv -Path $csv
        $rows.Count | Should -BeGreaterThan 0
        $written.Count | Should -Be $rows.Count
        ($written.SessionId | Sort-Object -Unique).Count | Should -Be 6
        $written[0].PSObject.Properties.Name | Should -Contain 'AvgMax'
        $written[0].PSObject.Properties.Name | Should -Contain 'Side'
    }

    It 'exports IK frames one row per frame and joint' {
        $csv = Join-Path $TestDrive 'valor-ik.csv'
        $frames = Get-ValorSession -First 1 | Get-ValorIKData
        $frames | Export-Csv -Path $csv -NoTypeInformation
        (Import-Csv -Path $csv).Count | Should -Be $frames.Count
        ($frames | Where-Object Frame -eq 60 | Select-Object -First 1).Time | Should -Be ([timespan]::FromSeconds(1))
    }
}

Describe 'Resuming a stopped listing' {
    It 'continues after Select-Object -First without repeating a session' {
        $connection = Connect-Valor -Sandbox -PassThru
        $all = (Get-ValorSession -PageSize 10 -First 45 -Connection $connection).SessionId
        $first = (Get-ValorSession -PageSize 10 -Connection $connection | Select-Object -First 17).SessionId
        $listing = Get-ValorSessionListing -Connection $connection -Incomplete
        $listing.SessionsReturned | Should -Be 17
        $listing.SkipInPage | Should -Be 7
        $listing.Status | Should -Be 'Stopped'
        $rest = (Get-ValorSession -Resume -First 28 -Connection $connection).SessionId
        $first | Should -Be $all[0..16]
        $rest | Should -Be $all[17..44]
        $listing.SessionsReturned | Should -Be 45
    }

    It 'says in verbose that it resumes and shows requests without secrets' {
        $connection = Connect-Valor -Sandbox -PassThru
        $null = Get-ValorSession -PageSize 20 -Connection $connection | Select-Object -First 5
        $verbose = Get-ValorSession -Resume -First 3 -Connection $connection -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'resuming the session listing'
        ($verbose.Message -join "`n") | Should -Match 'GET https://valor\.sandbox\.sportsdata\.invalid/production/sessions\?limit=20'
        ($verbose.Message -join "`n") | Should -Not -Match 'eyJ'
    }
}
