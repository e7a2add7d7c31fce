using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Tests.Kubernetes;

public sealed class ManifestReaderTests
{
    private const string Policy = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: np
          namespace: shop
        spec:
          podSelector: {}

        """;

    private static ReadResult Read(string yaml)
    {
        var result = ManifestReader.ReadText(yaml, "test.yaml");
        return result;
    }

    private static Cluster ReadClean(string yaml)
    {
        var result = Read(yaml);
        Assert.Empty(result.Diagnostics);
        return result.Cluster;
    }

    private static NetworkPolicy ReadPolicy(string spec) => Assert.Single(ReadClean(Policy + spec).Policies);

    [Fact]
    public void Object_without_a_namespace_is_in_the_default_namespace()
    {
        var cluster = ReadClean("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n");

        Assert.Equal("default", Assert.Single(cluster.Workloads).Namespace);
    }

    [Fact]
    public void Declared_namespace_gets_the_automatic_name_label_beside_its_own_labels()
    {
        var cluster = ReadClean("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: red}}\n");

        var ns = Assert.Single(cluster.Namespaces);
        Assert.Equal("shop", ns.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal("red", ns.Labels["team"]);
    }

    [Fact]
    public void Automatic_name_label_wins_over_a_declared_one_as_the_API_server_sets_it()
    {
        var cluster = ReadClean("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {kubernetes.io/metadata.name: other}}\n");

        Assert.Equal("shop", Assert.Single(cluster.Namespaces).Labels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public void Namespace_no_manifest_declares_has_only_its_name_label()
    {
        var cluster = ReadClean("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n");

        var ns = cluster.Namespace("default");
        Assert.Equal("default", Assert.Single(ns.Labels).Value);
        Assert.Equal("kubernetes.io/metadata.name", Assert.Single(ns.Labels).Key);
    }

    [Fact]
    public void Policy_without_policyTypes_and_without_egress_rules_affects_ingress_only()
    {
        var policy = ReadPolicy("  ingress:\n  - from: [{podSelector: {}}]\n");

        Assert.True(policy.AffectsIngress);
        Assert.False(policy.AffectsEgress);
    }

    [Fact]
    public void Policy_without_policyTypes_and_with_egress_rules_affects_both_directions()
    {
        var policy = ReadPolicy("  egress:\n  - to: [{podSelector: {}}]\n");

        Assert.True(policy.AffectsIngress);
        Assert.True(policy.AffectsEgress);
    }

    [Fact]
    public void Empty_egress_list_does_not_make_a_policy_affect_egress()
    {
        var policy = ReadPolicy("  egress: []\n");

        Assert.True(policy.AffectsIngress);
        Assert.False(policy.AffectsEgress);
    }

    [Fact]
    public void Explicit_policyTypes_Egress_leaves_ingress_unaffected()
    {
        var policy = ReadPolicy("  policyTypes: [Egress]\n  ingress:\n  - {}\n");

        Assert.False(policy.AffectsIngress);
        Assert.True(policy.AffectsEgress);
    }

    [Fact]
    public void Empty_ingress_list_is_a_policy_with_no_rules_so_it_denies_all_ingress()
    {
        var policy = ReadPolicy("  ingress: []\n");

        Assert.True(policy.AffectsIngress);
        Assert.Empty(policy.Ingress);
    }

    [Fact]
    public void Ingress_rule_written_as_empty_mapping_allows_every_peer_on_every_port()
    {
        var policy = ReadPolicy("  ingress:\n  - {}\n");

        var rule = Assert.Single(policy.Ingress);
        Assert.Null(rule.Peers);
        Assert.Empty(rule.Ports);
    }

    [Fact]
    public void Rule_with_an_empty_from_list_matches_every_source()
    {
        var policy = ReadPolicy("  ingress:\n  - from: []\n    ports: [{port: 80}]\n");

        var rule = Assert.Single(policy.Ingress);
        Assert.Null(rule.Peers);
        Assert.Equal(80, Assert.Single(rule.Ports).Port);
    }

    [Fact]
    public void Port_without_protocol_is_TCP_and_port_name_is_kept()
    {
        var result = Read(Policy + "  ingress:\n  - ports: [{port: http}, {port: 53, protocol: UDP}]\n");

        Assert.False(result.HasErrors);
        var ports = Assert.Single(Assert.Single(result.Cluster.Policies).Ingress).Ports;
        Assert.Equal((Protocol.TCP, null, "http"), (ports[0].Protocol, ports[0].Port, ports[0].Name));
        Assert.Equal((Protocol.UDP, 53, (string?)null), (ports[1].Protocol, ports[1].Port, ports[1].Name));
    }

    [Fact]
    public void Typed_lists_give_their_items_the_kind_the_items_lack()
    {
        var cluster = ReadClean("""
            kind: NamespaceList
            apiVersion: v1
            items:
            - metadata: {name: shop, labels: {team: red}}
            ---
            kind: PodList
            apiVersion: v1
            items:
            - metadata: {name: web, namespace: shop, labels: {app: web}}
            - metadata: {name: db, namespace: shop}
            """);

        Assert.Equal("shop", Assert.Single(cluster.Namespaces).Name);
        Assert.Equal(["shop/web[Pod]", "shop/db[Pod]"], cluster.Workloads.Select(w => w.Id));
    }

    [Fact]
    public void Plain_List_reads_each_item_by_its_own_kind_and_skips_kinds_outside_the_model()
    {
        var cluster = ReadClean("""
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
            - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}}
            - {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: shop}}
            - {apiVersion: networking.k8s.io/v1, kind: IngressClass, metadata: {name: nginx}}
            """);

        Assert.Single(cluster.Namespaces);
        Assert.Equal("shop/web[Pod]", Assert.Single(cluster.Workloads).Id);
        Assert.Equal(["Service shop/web (v1)", "IngressClass nginx (networking.k8s.io/v1)"], cluster.Skipped.Select(s => s.ToString()));
    }

    [Fact]
    public void Json_indented_with_tabs_is_read()
    {
        var cluster = ReadClean("{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Pod\",\n\t\"metadata\": {\n\t\t\"name\": \"web\",\n\t\t\"labels\": {\"app\": \"web\"}\n\t}\n}\n");

        Assert.Equal("web", Assert.Single(cluster.Workloads).Pods[0].Labels["app"]);
    }

    [Fact]
    public void CronJob_pods_come_from_the_template_of_its_job_template()
    {
        var cluster = ReadClean("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup, namespace: ops}
            spec:
              schedule: "0 * * * *"
              jobTemplate:
                spec:
                  template:
                    metadata: {labels: {app: backup}}
                    spec:
                      containers: [{name: c, image: x, ports: [{containerPort: 9000, name: metrics}]}]
            """);

        var workload = Assert.Single(cluster.Workloads);
        Assert.Equal("ops/backup[CronJob]", workload.Id);
        var pod = Assert.Single(workload.Pods);
        Assert.Equal("backup", pod.Labels["app"]);
        Assert.Equal(new ContainerPort("metrics", 9000, Protocol.TCP), Assert.Single(pod.Ports));
    }

    [Fact]
    public void Pods_with_the_same_controller_form_one_workload_of_the_controller_kind()
    {
        var cluster = ReadClean("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-1
              ownerReferences: [{kind: ReplicaSet, name: web-7d4, controller: true}]
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-2
              ownerReferences: [{kind: ReplicaSet, name: web-7d4, controller: true}]
            """);

        var workload = Assert.Single(cluster.Workloads);
        Assert.Equal("default/web-7d4[ReplicaSet]", workload.Id);
        Assert.Equal(["web-1", "web-2"], workload.Pods.Select(p => p.Name));
    }

    [Fact]
    public void Quoted_containerPort_is_read_as_the_number_it_spells()
    {
        var cluster = ReadClean("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: c, ports: [{containerPort: \"8080\"}]}]\n");

        Assert.Equal(8080, Assert.Single(Assert.Single(cluster.Workloads).Pods[0].Ports).Port);
    }

    [Fact]
    public void IPv6_cidr_and_its_except_are_read()
    {
        var policy = ReadPolicy("  egress:\n  - to:\n    - ipBlock: {cidr: 2001:db8::/32, except: [2001:db8:1::/48]}\n");

        var block = Assert.Single(Assert.Single(policy.Egress).Peers!.Value).IpBlock!;
        Assert.True(block.Cidr.IsV6);
        Assert.Equal("2001:db8::/32", block.Cidr.ToString());
        Assert.Equal("2001:db8:1::/48", Assert.Single(block.Except).ToString());
    }

    [Fact]
    public void Cidr_with_host_bits_set_is_masked_with_a_warning_at_the_value()
    {
        var result = Read(Policy + "  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.1.2.3/8\n");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(new SourceSpan("test.yaml", 11, 15), warning.Span);
        Assert.False(result.HasErrors);
        var peer = Assert.Single(Assert.Single(Assert.Single(result.Cluster.Policies).Egress).Peers!.Value);
        Assert.Equal("10.0.0.0/8", peer.IpBlock!.Cidr.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n# apiVersion: v1\n")]
    [InlineData("---\n---\n# nothing\n---\n")]
    [InlineData("--- ~\n--- null\n")]
    public void Empty_documents_and_comments_yield_nothing_and_no_diagnostics(string text)
    {
        var result = Read(text);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Cluster.Workloads);
        Assert.Empty(result.Cluster.Namespaces);
    }

    [Theory]
    [InlineData("kind: Namespace\nmetadata: {name: a}\n---\n- a\n- : b: c\n", 5, 3)]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n", 5, 3)]
    [InlineData("a: 1\n\tb: 2\n", 2, 1)]
    public void Errors_are_located_with_one_based_line_and_column(string text, int line, int column)
    {
        var result = Read(text);

        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceSpan("test.yaml", line, column), error.Span);
    }

    [Fact]
    public void Each_bad_document_is_reported_and_the_good_ones_are_still_read()
    {
        var result = Read("""
            apiVersion: v1
            kind: Pod
            metadata: {name: bad}
            spec: {containers: [{name: c, ports: [{containerPort: 0}]}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: good}
            ---
            apiVersion: v1
            kind: Namespace
            """);

        Assert.Equal([4, 10], result.Diagnostics.Select(d => d.Span.Line));
        Assert.All(result.Diagnostics, d => Assert.Equal(Severity.Error, d.Severity));
        Assert.Equal("default/good[Pod]", Assert.Single(result.Cluster.Workloads).Id);
    }

    [Fact]
    public void Invalid_label_of_an_object_is_a_warning_and_the_label_is_read_as_written()
    {
        var result = Read("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {net/default: shop/udn}\n");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Warning, new SourceSpan("test.yaml", 5, 25)), (warning.Severity, warning.Span));
        Assert.Equal("shop/udn", Assert.Single(result.Cluster.Namespaces).Labels["net/default"]);
    }

    [Fact]
    public void Invalid_label_in_a_selector_is_an_error()
    {
        var result = Read(Policy + "  ingress:\n  - from: [{podSelector: {matchLabels: {app: shop/udn}}}]\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Error, new SourceSpan("test.yaml", 9, 46)), (error.Severity, error.Span));
        Assert.Empty(result.Cluster.Policies);
    }

    [Fact]
    public void Same_name_in_another_namespace_or_of_another_kind_is_no_duplicate()
    {
        var cluster = ReadClean("""
            {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: a}}
            ---
            {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: b}}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: a}}
            ---
            {apiVersion: v1, kind: Namespace, metadata: {name: web}}
            """);

        Assert.Equal(3, cluster.Workloads.Length);
    }

    [Fact]
    public void Named_port_that_no_container_declares_is_a_warning_at_the_port()
    {
        var result = Read(Policy + "  ingress:\n  - ports: [{port: htpp}]\n---\n"
            + "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers: [{name: c, ports: [{containerPort: 80, name: http}]}]\n");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Warning, 9), (warning.Severity, warning.Span.Line));
        Assert.Contains("'htpp'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_port_that_a_container_declares_gives_no_warning()
    {
        var cluster = ReadClean(Policy + "  ingress:\n  - ports: [{port: http}]\n---\n"
            + "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers: [{name: c, ports: [{containerPort: 80, name: http}]}]\n");

        Assert.Single(cluster.Policies);
    }

    [Fact]
    public void NetworkPolicy_of_another_API_group_is_skipped_not_read_and_said_to_be_not_modelled()
    {
        var result = Read("apiVersion: crd.projectcalico.org/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {selector: all()}\n");

        Assert.Empty(result.Cluster.Policies);
        var policy = Assert.Single(result.Cluster.UnmodelledPolicies);
        Assert.Equal(("NetworkPolicy", "crd.projectcalico.org/v1", "default/np"), (policy.Kind, policy.ApiVersion, policy.Id));
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("test.yaml:1:1: warning: NetworkPolicy default/np (crd.projectcalico.org/v1) is not modelled: netpact's results ignore it and may be wrong in either direction",
            warning.ToString());
    }

    [Theory]
    [InlineData("cilium.io/v2alpha1", "CiliumNetworkPolicy", "shop/p")]
    [InlineData("cilium.io/v2alpha1", "CiliumClusterwideNetworkPolicy", "p")]
    [InlineData("projectcalico.org/v3", "NetworkPolicy", "shop/p")]
    [InlineData("projectcalico.org/v3", "GlobalNetworkPolicy", "p")]
    [InlineData("crd.projectcalico.org/v1", "GlobalNetworkPolicy", "p")]
    [InlineData("crd.antrea.io/v1beta1", "NetworkPolicy", "shop/p")]
    [InlineData("crd.antrea.io/v1beta1", "ClusterNetworkPolicy", "p")]
    [InlineData("networking.k8s.io/v2", "NetworkPolicy", "shop/p")]
    [InlineData("v1", "NetworkPolicy", "shop/p")]
    [InlineData("policy.networking.k8s.io/v1alpha2", "AdminNetworkPolicy", "p")]
    [InlineData("security.istio.io/v1", "AuthorizationPolicy", "shop/p")]
    public void Policies_of_other_plugins_and_versions_are_not_modelled_and_warned_about_with_their_scope(string apiVersion, string kind, string id)
    {
        var result = Read($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: p, namespace: shop}}\nspec: {{}}\n");

        var policy = Assert.Single(result.Cluster.UnmodelledPolicies);
        Assert.Equal(id, policy.Id);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.StartsWith($"{kind} {id} ({apiVersion}) is not modelled: ", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1", "ConfigMap", "shop/c")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", "c")]
    [InlineData("projectcalico.org/v3", "GlobalNetworkSet", "c")]
    [InlineData("projectcalico.org/v3", "StagedNetworkPolicy", "shop/c")]
    [InlineData("k8s.cni.cncf.io/v1beta1", "MultiNetworkPolicy", "shop/c")]
    public void Other_kinds_are_skipped_quietly_and_cluster_scoped_ones_without_a_namespace(string apiVersion, string kind, string id)
    {
        var result = Read($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: c, namespace: shop}}\n");

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Cluster.UnmodelledPolicies);
        Assert.Equal(id, Assert.Single(result.Cluster.Skipped).Id);
    }

    [Fact]
    public void A_document_that_is_a_list_is_skipped_with_a_warning_even_under_strict_as_netpol_analyzer_skips_it()
    {
        foreach (var options in new[] { ReadOptions.Default, new ReadOptions { Strict = true } })
        {
            var read = ManifestReader.ReadText("- a\n- b\n", "test.json", options);

            var warning = Assert.Single(read.Diagnostics);
            Assert.Equal(Severity.Warning, warning.Severity);
            Assert.StartsWith("this document is a list, not a Kubernetes object; skipped", warning.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("just text\n", "this document is a single value")]
    [InlineData("name: app\nversion: 1.0.0\n", "this document has no 'kind'")]
    [InlineData("on: push\ndefaults: &d {shell: bash}\njobs:\n  test:\n    <<: *d\n", "this document has no 'kind'")]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n", "this Kustomization (kustomize.config.k8s.io/v1beta1) is kustomize's input")]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nmetadata: {name: c}\n", "this Component (kustomize.config.k8s.io/v1alpha1) is kustomize's input")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n$patch: delete\n", "this Deployment is a kustomize patch")]
    [InlineData("apiVersion: example.com/v1\nkind: Thing\nspec: {}\n", "this Thing has no metadata.name")]
    [InlineData("metadata:\n  name: {{ .Values.name }}\n  labels: {{- include \"labels\" . }}\n", "this file holds Helm template actions")]
    public void Documents_that_are_no_objects_are_skipped_with_a_warning_and_are_errors_under_strict(string text, string message)
    {
        var lenient = ManifestReader.ReadText(text, "test.yaml");
        var strict = ManifestReader.ReadText(text, "test.yaml", new ReadOptions { Strict = true });

        var warning = Assert.Single(lenient.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(Diagnostic.SkippedTopic, warning.Topic);
        Assert.StartsWith(message, warning.Message, StringComparison.Ordinal);
        Assert.Contains("; skipped", warning.Message, StringComparison.Ordinal);
        Assert.Empty(lenient.Cluster.Workloads);
        var error = Assert.Single(strict.Diagnostics);
        Assert.Equal((Severity.Error, warning.Span), (error.Severity, error.Span));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {labels: {app: web}}\n", "this Pod has no metadata.name; add one")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {podSelector: {}}\n", "this NetworkPolicy has no metadata.name; add one")]
    [InlineData("apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nspec: {}\n", "this CiliumNetworkPolicy has no metadata.name; add one")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {podSelector: []}\n", "spec.podSelector must be a mapping")]
    [InlineData("apiVersion: v1\nkind: List\nitems: [{metadata: {name: a}}]\n", "this List item has no 'kind'")]
    [InlineData("apiVersion: v1\nkind: List\nitems: [just text]\n", "an item of a List must be a mapping")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: [web}\n", "syntax error")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: c\n    image: \"{{ printf \"%s\" .tag }}\"\n", "syntax error")]
    public void Broken_objects_of_kinds_netpact_reads_stay_errors(string text, string message)
    {
        var result = Read(text);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Error, error.Severity);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_under_a_charts_templates_folder_is_skipped_whole_even_when_it_parses()
    {
        var chart = Directory.CreateTempSubdirectory("netpact-chart-");
        try
        {
            Directory.CreateDirectory(Path.Combine(chart.FullName, "templates"));
            File.WriteAllText(Path.Combine(chart.FullName, "Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
            var template = Path.Combine(chart.FullName, "templates", "np.yaml");
            File.WriteAllText(template, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {podSelector: {}}\n");

            var result = ManifestReader.Read([chart.FullName]);
            var strict = ManifestReader.Read([template], null, [], new ReadOptions { Strict = true });

            Assert.Empty(result.Cluster.Policies);
            Assert.Equal(
                [$"{Path.Combine(chart.FullName, "Chart.yaml")}:1:1: warning: this document has no 'kind', so it is no Kubernetes object; skipped: analyze what the chart renders: helm template NAME CHART | netpact analyze -",
                 $"{template}:1:1: warning: this file is a template of a Helm chart, not a manifest; skipped: analyze what the chart renders: helm template NAME CHART | netpact analyze -"],
                result.Diagnostics.Select(d => d.ToString()));
            Assert.Equal(Severity.Error, Assert.Single(strict.Diagnostics).Severity);
        }
        finally
        {
            chart.Delete(recursive: true);
        }
    }

    [Fact]
    public void Missing_path_is_an_error_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"netpact-missing-{Guid.NewGuid():N}");

        var result = ManifestReader.Read([missing]);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Error, error.Severity);
        Assert.Equal(missing, error.Span.File);
        Assert.Contains("no such file or directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_is_read_recursively_for_yaml_yml_and_json_but_not_hidden_folders_or_other_files()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-reader-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "sub"));
            Directory.CreateDirectory(Path.Combine(dir.FullName, ".github"));
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), "{apiVersion: v1, kind: Pod, metadata: {name: a}}");
            File.WriteAllText(Path.Combine(dir.FullName, "sub", "b.YML"), "{apiVersion: v1, kind: Pod, metadata: {name: b}}");
            File.WriteAllText(Path.Combine(dir.FullName, "sub", "c.json"), "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"c\"}}");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not: [yaml");
            File.WriteAllText(Path.Combine(dir.FullName, ".github", "ci.yaml"), "on: push\njobs: {}\n");

            var result = ManifestReader.Read([dir.FullName]);

            Assert.Empty(result.Diagnostics);
            Assert.Equal(["a", "b", "c"], result.Cluster.Workloads.Select(w => w.Name).Order(StringComparer.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Diagnostics_of_many_files_come_in_file_order_with_each_files_own_in_reading_order()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-order-");
        try
        {
            const int files = 64;
            for (var i = 0; i < files; i++)
            {
                File.WriteAllText(Path.Combine(dir.FullName, $"f{i:D2}.yaml"),
                    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shared\n  labels:\n    app: 'a b'\n---\nmetadata:\n  name: nokind\n");
            }

            var result = ManifestReader.Read([dir.FullName]);

            // Per file: the label warning, then (after the first file) the pod again (read once), then the document without a kind.
            var expected = Enumerable.Range(0, files).SelectMany(i => new[]
            {
                (i, 6, "'a b' is not a valid value"), (i, 4, "Pod default/shared is defined again"), (i, 8, "this document has no 'kind'"),
            }.Where(d => i > 0 || d.Item2 != 4)).ToList();
            var actual = result.Diagnostics.Select(d => (
                int.Parse(Path.GetFileNameWithoutExtension(d.Span.File)[1..], System.Globalization.CultureInfo.InvariantCulture),
                d.Span.Line,
                d.Message[..expected.First(e => d.Message.StartsWith(e.Item3, StringComparison.Ordinal)).Item3.Length])).ToList();
            Assert.Equal(expected, actual);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void File_named_twice_is_read_once_and_not_reported_as_its_own_duplicate()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-twice-");
        try
        {
            var file = Path.Combine(dir.FullName, "pod.yaml");
            File.WriteAllText(file, "{apiVersion: v1, kind: Pod, metadata: {name: a}}");

            var result = ManifestReader.Read([dir.FullName, file, Path.Combine(dir.FullName, ".", "pod.yaml")]);

            Assert.Empty(result.Diagnostics);
            Assert.Single(result.Cluster.Workloads);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void File_named_explicitly_is_read_whatever_its_extension()
    {
        var file = Path.Combine(Path.GetTempPath(), $"netpact-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, "{apiVersion: v1, kind: Pod, metadata: {name: a}}");
        try
        {
            var result = ManifestReader.Read([file]);

            Assert.Empty(result.Diagnostics);
            Assert.Single(result.Cluster.Workloads);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Folder_without_manifests_is_a_warning_not_an_error()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-empty-");
        try
        {
            var result = ManifestReader.Read([dir.FullName]);

            var warning = Assert.Single(result.Diagnostics);
            Assert.Equal(Severity.Warning, warning.Severity);
            Assert.Contains("no manifests found", warning.Message, StringComparison.Ordinal);
            Assert.False(result.HasErrors);
        }
        finally
        {
            dir.Delete();
        }
    }

    [Fact]
    public void Unreadable_file_in_a_folder_is_an_error_and_the_other_files_are_still_read()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        var dir = Directory.CreateTempSubdirectory("netpact-unreadable-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(dir.FullName, "broken.yaml"), Path.Combine(dir.FullName, "missing-target"));
            File.WriteAllText(Path.Combine(dir.FullName, "ok.yaml"), "{apiVersion: v1, kind: Pod, metadata: {name: a}}");

            var result = ManifestReader.Read([dir.FullName]);

            var error = Assert.Single(result.Diagnostics);
            Assert.Equal(Severity.Error, error.Severity);
            Assert.Equal(Path.Combine(dir.FullName, "broken.yaml"), error.Span.File);
            Assert.StartsWith("cannot read this file", error.Message, StringComparison.Ordinal);
            Assert.Single(result.Cluster.Workloads);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Dash_reads_stdin_and_names_it_stdin_in_diagnostics()
    {
        var result = ManifestReader.Read(["-"], new StringReader("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: {}\n"));

        Assert.Single(result.Cluster.Workloads);
        Assert.Equal(new SourceSpan("<stdin>", 5, 1), Assert.Single(result.Diagnostics).Span);
    }
}
