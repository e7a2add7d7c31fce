namespace Netpact.Lint;

/// <summary>The compliance controls lint rules serve, spelled as auditors cite them.</summary>
public static class Compliance
{
    /// <summary>Logical access security over protected information assets.</summary>
    public const string Soc2Cc61 = "SOC 2 CC6.1";

    /// <summary>Logical access security measures against threats from outside the system boundaries.</summary>
    public const string Soc2Cc66 = "SOC 2 CC6.6";

    /// <summary>Restricting the transmission and movement of information to authorized parties, protected in transit.</summary>
    public const string Soc2Cc67 = "SOC 2 CC6.7";

    /// <summary>Network security control configurations are defined, implemented and maintained.</summary>
    public const string Pci121 = "PCI DSS 4.0 1.2.1";

    /// <summary>Every allowed service, protocol and port is identified, approved and has a business need.</summary>
    public const string Pci125 = "PCI DSS 4.0 1.2.5";

    /// <summary>Network security control rule sets are reviewed and kept relevant and effective.</summary>
    public const string Pci127 = "PCI DSS 4.0 1.2.7";

    /// <summary>Inbound traffic to the cardholder data environment is restricted to what is necessary; all else denied.</summary>
    public const string Pci131 = "PCI DSS 4.0 1.3.1";

    /// <summary>Outbound traffic from the cardholder data environment is restricted to what is necessary; all else denied.</summary>
    public const string Pci132 = "PCI DSS 4.0 1.3.2";

    /// <summary>Network security controls between trusted and untrusted networks.</summary>
    public const string Pci141 = "PCI DSS 4.0 1.4.1";

    /// <summary>Inbound traffic from untrusted networks is restricted to publicly accessible, authorized services.</summary>
    public const string Pci142 = "PCI DSS 4.0 1.4.2";

    /// <summary>System components that store cardholder data are not directly accessible from untrusted networks.</summary>
    public const string Pci144 = "PCI DSS 4.0 1.4.4";

    /// <summary>System security parameters are configured to prevent misuse.</summary>
    public const string Pci226 = "PCI DSS 4.0 2.2.6";

    /// <summary>Strong cryptography protects data in transit.</summary>
    public const string Pci421 = "PCI DSS 4.0 4.2.1";

    /// <summary>CIS AWS Foundations Benchmark v3.0.0: the default security group of every VPC restricts all traffic.</summary>
    public const string CisAws54 = "CIS AWS Foundations 3.0 5.4";

    /// <summary>Transmission security: guard against unauthorized access to data in transit.</summary>
    public const string Hipaa312E1 = "HIPAA 164.312(e)(1)";
}
