# Roomstart at logon of the room account on Windows, restarted after a crash.
# Run once as an administrator:  .\autostart.ps1 -User ROOMPC\room
# Task Scheduler restarts a failed task at most once a minute (its shortest
# RestartInterval), so on Windows a crash costs up to a minute, not seconds.
param([Parameter(Mandatory = $true)][string]$User)
$ErrorActionPreference = 'Stop'
$exe = Join-Path $env:ProgramFiles 'Roomstart\roomstart.exe'
$action = New-ScheduledTaskAction -Execute $exe
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $User
$settings = New-ScheduledTaskSettingsSet -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
  -ExecutionTimeLimit ([TimeSpan]::Zero) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries
$principal = New-ScheduledTaskPrincipal -UserId $User -LogonType Interactive -RunLevel Limited
Register-ScheduledTask -TaskName 'Roomstart' -Action $action -Trigger $trigger -Settings $settings `
  -Principal $principal -Force | Out-Null
Write-Output "Roomstart starts at logon of $User"
