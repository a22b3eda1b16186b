# The hand-written way: Invoke-RestMethod per player session, flatten "fields"/"values" into objects, Export-Csv.
param([string] $BaseUri, [string] $IdFile, [string] $Path)
$ErrorActionPreference = 'Stop'
$headers = @{ Authorization = 'Bearer bench' }
$ids = Get-Content $IdFile
& {
    foreach ($id in $ids) {
        $response = Invoke-RestMethod -Uri "$BaseUri/v1/training_sessions/$($id)?samples=all" -Headers $headers
        $session = $response.data
        $fields = $session.samples.fields
        foreach ($row in $session.samples.values) {
            $record = [ordered]@{ player_session_id = $id }
            for ($i = 0; $i -lt $fields.Count; $i++) { $record[$fields[$i]] = if ($i -lt $row.Count) { $row[$i] } else { $null } }
            [pscustomobject]$record
        }
    }
} | Export-Csv -Path $Path -NoTypeInformation
