#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# AiKYNETIX cmdlets against the in-process sandbox: binding, -WhatIf, -Confirm, -Force, the pipeline and downloads.

BeforeAll {
    $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Connect-Aikynetix -Sandbox
}

AfterAll {
    Disconnect-Aikynetix -ErrorAction SilentlyContinue
}

Describe 'Connect-Aikynetix' {
    It 'returns a sandbox connection with -PassThru and shows no key' {
        $connection = Connect-Aikynetix -Sandbox -PassThru
        $connection.Vendor | Should -Be 'Aikynetix'
        $connection.IsSandbox | Should -BeTrue
        $connection.AuthenticationMethod | Should -Be 'Sandbox'
        ($connection | Out-String) | Should -Not -Match 'aik_sandbox_'
    }

    It 'rejects an expired Firebase ID token with a message that says how to reconnect' {
        $payload = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('{"exp":1000000000}')).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        $token = [securestring]::new()
        foreach ($character in "eyJhbGciOiJSUzI1NiJ9.$payload.c2ln".ToCharArray()) { $token.AppendChar($character) }  # a fake, expired test token
        { Connect-Aikynetix -IdToken $token -ErrorAction Stop } | Should -Throw -ErrorId 'Aikynetix.TokenExpired*'
        Connect-Aikynetix -Sandbox
    }
}

Describe 'Get-ManagedSession' {
    It 'lists sessions as typed objects with a DateTime CreatedAt and nested metrics' {
        $sessions = Get-ManagedSession -First 20
        $sessions | Should -HaveCount 20
        $sessions[0].GetType().FullName | Should -Be 'SportsData.Aikynetix.ManagedSession'
        $sessions[0].CreatedAt | Should -BeOfType [datetime]
        $analyzed = $sessions | Where-Object HasAnalyzedVideo | Select-Object -First 1
        $analyzed.Metrics.Keys.Count | Should -BeGreaterThan 0
    }

    It 'filters by activity and pages with -PageSize' {
        $jumps = Get-ManagedSession -Activity 'Vertical Jump' -PageSize 4 -First 9
        $jumps | Should -HaveCount 9
        $jumps.Activity | Sort-Object -Unique | Should -Be 'Vertical Jump'
        ($jumps.SessionId | Sort-Object -Unique) | Should -HaveCount 9
    }

    It 'filters by created date range (the time of day is ignored)' {
        $from = (Get-Date).Date.AddDays(-90)
        $to = (Get-Date).Date.AddDays(-30)
        $sessions = Get-ManagedSession -CreatedAfter $from -CreatedBefore $to
        $sessions | ForEach-Object { $_.CreatedAt.Date | Should -BeGreaterOrEqual $from; $_.CreatedAt.Date | Should -BeLessOrEqual $to }
    }

    It 'binds session ids from the pipeline' {
        $ids = (Get-ManagedSession -First 3).SessionId
        (($ids | Get-ManagedSession).SessionId) | Should -Be $ids
    }

    It 'names the parameter when the date range is reversed' {
        { Get-ManagedSession -CreatedAfter '2026-05-02' -CreatedBefore '2026-05-01' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter.CreatedAfter*'
    }
}

Describe 'Set-ManagedSession' {
    It 'renames every Running session through the pipeline' {
        $title = "pester-running-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $running = Get-ManagedSession -Activity Running
        Get-ManagedSession -Activity Running | Set-ManagedSession -Title $title
        $renamed = Get-ManagedSession -Title $title
        $renamed | Should -HaveCount $running.Count
        $renamed.Activity | Sort-Object -Unique | Should -Be 'Running'
    }

    It 'changes nothing with -WhatIf' {
        $session = Get-ManagedSession -Activity 'Mobility Assessment' -First 1
        $session | Set-ManagedSession -Title 'should-not-stick' -WhatIf
        (Get-ManagedSession -SessionId $session.SessionId).Title | Should -Be $session.Title
    }

    It 'updates without a prompt with -Confirm:$false and returns the session with -PassThru' {
        $session = Get-ManagedSession -Activity Weightlifting -First 1
        $updated = $session | Set-ManagedSession -Timestamp ([datetime]'2025-02-06 14:30:00') -Confirm:$false -PassThru
        $updated.SessionId | Should -Be $session.SessionId
        $updated.CreatedAt | Should -Be ([datetime]'2025-02-06 14:30:00')
    }

    It 'refuses a call with nothing to change' {
        { Set-ManagedSession -SessionId 'x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter.Title*'
    }
}

Describe 'Remove-ManagedSession' {
    It 'deletes nothing with -WhatIf' {
        $sessions = Get-ManagedSession -Activity Weightlifting -First 2
        $sessions | Remove-ManagedSession -WhatIf
        (Get-ManagedSession -SessionId $sessions.SessionId) | Should -HaveCount 2
    }

    It 'deletes with -Confirm:$false and with -Force' {
        $two = Get-ManagedSession -Activity Weightlifting -Skip 5 -First 2
        $two[0] | Remove-ManagedSession -Confirm:$false
        Remove-ManagedSession -SessionId $two[1].SessionId -Force
        $left = (Get-ManagedSession).SessionId
        $left | Should -Not -Contain $two[0].SessionId
        $left | Should -Not -Contain $two[1].SessionId
    }

    It 'reports a missing session as ObjectNotFound and carries on' {
        $victim = Get-ManagedSession -Activity Running -Skip 3 -First 1
        'no-such-session', $victim.SessionId | ForEach-Object { [pscustomobject]@{ SessionId = $_ } } |
            Remove-ManagedSession -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-ManagedSession).SessionId | Should -Not -Contain $victim.SessionId
    }
}

Describe 'Analyzed video' {
    It 'gets the URL of a piped session' {
        $session = Get-ManagedSession -State analyzed -First 1
        $video = $session | Get-ManagedSessionVideo -DownloadUrl
        $video.SessionId | Should -Be $session.SessionId
        $video.IsDownloadUrl | Should -BeTrue
        $video.Url | Should -Match '^https?://'
    }

    It 'downloads into a folder, refuses to overwrite, and overwrites with -Force' {
        $folder = Join-Path ([IO.Path]::GetTempPath()) "aik-pester-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path $folder | Out-Null
        try {
            $session = Get-ManagedSession -State analyzed -First 1
            $saved = $session | Get-ManagedSessionVideo -OutFile $folder
            $saved.Path | Should -Be (Join-Path $folder "$($session.SessionId).mp4")
            (Get-Item $saved.Path).Length | Should -Be $saved.Length
            { $session | Get-ManagedSessionVideo -OutFile $folder -ErrorAction Stop } | Should -Throw -ErrorId 'Aikynetix.FileExists*'
            $session | Get-ManagedSessionVideo -OutFile $folder -Force | Should -Not -BeNullOrEmpty
            Get-ChildItem $folder -Force | Should -HaveCount 1
        }
        finally {
            Remove-Item $folder -Recurse -Force
        }
    }

    It 'requests generation only when confirmed' {
        $pending = Get-ManagedSession -State uploaded -First 1
        $pending | Request-ManagedSessionVideo -WhatIf
        (Get-ManagedSession -SessionId $pending.SessionId).HasAnalyzedVideo | Should -BeFalse
        $video = $pending | Request-ManagedSessionVideo -Confirm:$false
        $video.Url | Should -Not -BeNullOrEmpty
        (Get-ManagedSession -SessionId $pending.SessionId).HasAnalyzedVideo | Should -BeTrue
    }
}
