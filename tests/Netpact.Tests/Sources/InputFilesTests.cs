using System.Buffers;
using System.Text;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources.Yaml;
using Netpact.Sources;

namespace Netpact.Tests.Sources;

public sealed class InputFilesTests
{
    [Fact]
    public void A_pooled_read_decodes_a_file_as_ReadAllText_does()
    {
        var file = Path.Combine(Path.GetTempPath(), $"netpact-pooled-{Guid.NewGuid():N}.yaml");
        try
        {
            // A byte order mark, characters of several UTF-8 lengths, and more than a large-object-heap string.
            var text = string.Concat(Enumerable.Repeat("name: café-😀\n", 10_000));
            File.WriteAllText(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

            var (buffer, length) = InputFiles.ReadPooled(file, [])!.Value;

            Assert.Equal(File.ReadAllText(file), new string(buffer, 0, length));
            ArrayPool<char>.Shared.Return(buffer);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_pooled_read_grows_its_buffer_for_a_file_without_a_length()
    {
        // Files under /proc say they are empty until read, as pipes give no length at all.
        var (buffer, length) = InputFiles.ReadPooled("/proc/version", [])!.Value;

        Assert.Equal(File.ReadAllText("/proc/version"), new string(buffer, 0, length));
        Assert.True(length > 16, $"only {length} characters");
        ArrayPool<char>.Shared.Return(buffer);
    }

    [Theory]
    [InlineData("a: 1\nb: [x, 'y']\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: [1\n")]
    public void Parsing_a_buffer_reads_only_its_text_and_gives_what_parsing_the_string_gives(string text)
    {
        var buffer = (text + "\n---\nc: [ junk beyond the text").ToCharArray();
        var fromBuffer = new List<Diagnostic>();
        var fromString = new List<Diagnostic>();

        var documents = YamlDocuments.Parse("f.yaml", buffer, text.Length, fromBuffer);
        var expected = YamlDocuments.Parse("f.yaml", text, fromString);

        Assert.Equal(fromString, fromBuffer);
        Assert.Equal(Describe(expected), Describe(documents));
    }

    private static string Describe(List<LocatedDocument> documents) =>
        string.Join("\n", documents.Select(d => Describe(d.Root)));

    private static string Describe(YamlValue node) => node switch
    {
        YamlScalar s => $"{s.Line}:{s.Column}:{s.Style}:{s.Value}",
        YamlMapping m => $"{m.Line}:{m.Column}{{{string.Join(", ", m.Children.Select(e => Describe(e.Key) + " => " + Describe(e.Value)))}}}",
        YamlSequence q => $"{q.Line}:{q.Column}[{string.Join(", ", q.Children.Select(Describe))}]",
        _ => "?",
    };
}
