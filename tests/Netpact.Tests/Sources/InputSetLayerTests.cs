using Netpact.Compilers;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Tests.Sources;

/// <summary>Which layer a file is: Istio by an Istio policy's apiVersion, never by Istio's labels on a mesh's pods.</summary>
public sealed class InputSetLayerTests
{
    [Theory]
    [InlineData("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\n")]
    [InlineData("kind: List\nitems:\n- apiVersion: security.istio.io/v1beta1\n  kind: PeerAuthentication\n")]
    [InlineData("""{"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy"}""")]
    [InlineData("{\n  \"kind\": \"AuthorizationPolicy\",\n  \"apiVersion\": 'security.istio.io/v1'\n}")]
    public void An_Istio_policy_is_the_istio_layer(string text) =>
        Assert.Equal(Layer.Istio, InputSet.LayerOf("f.yaml", text));

    [Fact]
    public void A_pod_with_Istio_labels_is_a_kubernetes_manifest()
    {
        const string text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {security.istio.io/tlsMode: istio}\n";

        Assert.Equal(Layer.Kubernetes, InputSet.LayerOf("pods.yaml", text));
    }
}
