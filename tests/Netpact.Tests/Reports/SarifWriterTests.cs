using Netpact.Findings;
using Netpact.Reports;

namespace Netpact.Tests.Sarif;

/// <summary>
/// The one SARIF writer: findings about targets (the audit's endpoints) come out as logical locations with the
/// producer's own severity, and nothing of the file form (no rule index, fingerprint, workloads, fix, column kind).
/// </summary>
public sealed class SarifWriterTests
{
    [Fact]
    public void Findings_about_targets_are_logical_locations_with_the_producers_severity()
    {
        var rules = new[] { new SarifRuleDescriptor { Id = "TLS1", Title = "Protocol version offered or missing", Tags = ["PCI DSS 4.0 4.2.1"] } };
        var finding = new Finding
        {
            Source = "audit",
            Rule = "TLS1",
            Severity = FindingSeverity.Note,
            Message = "127.0.0.1:8443: TLS 1.0 offered",
            Target = "127.0.0.1:8443",
            Controls = ["PCI DSS 4.0 4.2.1"],
            NativeSeverity = "LOW",
        };

        var sarif = SarifWriter.Write("netpact audit", rules, [finding], baseDirectory: null);

        Assert.Equal("""
            {
              "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
              "version": "2.1.0",
              "runs": [
                {
                  "tool": {
                    "driver": {
                      "name": "netpact audit",
                      "rules": [
                        {
                          "id": "TLS1",
                          "shortDescription": {
                            "text": "Protocol version offered or missing"
                          },
                          "properties": {
                            "tags": [
                              "PCI DSS 4.0 4.2.1"
                            ]
                          }
                        }
                      ]
                    }
                  },
                  "results": [
                    {
                      "ruleId": "TLS1",
                      "level": "note",
                      "message": {
                        "text": "127.0.0.1:8443: TLS 1.0 offered"
                      },
                      "locations": [
                        {
                          "logicalLocations": [
                            {
                              "fullyQualifiedName": "127.0.0.1:8443",
                              "kind": "resource"
                            }
                          ]
                        }
                      ],
                      "properties": {
                        "severity": "LOW",
                        "controls": [
                          "PCI DSS 4.0 4.2.1"
                        ]
                      }
                    }
                  ]
                }
              ]
            }

            """, sarif);
    }
}
