namespace Netpact.Findings;

/// <summary>How bad a finding is on netpact's one scale (lint's; verify and audit map onto it).</summary>
public enum FindingSeverity { Error, Warning, Note }
