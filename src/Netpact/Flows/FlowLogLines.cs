using System.IO.Compression;
using System.Text;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Flows;

/// <summary>
/// The lines of a flow log, one at a time, from a file opened through the guard (<see cref="InputFiles.OpenStream"/>)
/// or from stdin: plain text or gzip (told by its magic bytes, whatever the name). Memory stays one buffer whatever
/// the size. A gzip stream that ends early (a log cut off mid-copy) yields the lines read before and sets
/// <see cref="Error"/>.
/// </summary>
internal sealed class FlowLogLines : IDisposable
{
    private readonly Stream? _stream;
    private readonly FileStream? _file;
    private long _inflated;
    private readonly TextReader? _text;
    private byte[] _buffer = new byte[64 * 1024];
    private char[] _chars = new char[1024];
    private int _start;
    private int _end;
    private bool _eof;

    private FlowLogLines(Stream? stream, TextReader? text, bool gzip, FileStream? file = null)
    {
        _stream = stream;
        _file = file;
        _text = text;
        IsGzip = gzip;
    }

    public bool IsGzip { get; }

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>What stopped the reading early (a truncated or corrupt gzip stream, an I/O error), else null.</summary>
    public string? Error { get; private set; }

    /// <summary>The file's lines; null, with the problem in <paramref name="diagnostics"/>, when it cannot be read or is binary of another kind.</summary>
    public static FlowLogLines? Open(string path, TextReader stdin, List<Diagnostic> diagnostics)
    {
        if (path == "-") return new FlowLogLines(null, stdin, gzip: false);
        var stream = InputFiles.OpenStream(path, diagnostics, "this flow log");
        if (stream is null) return null;
        Span<byte> head = stackalloc byte[8];
        var n = 0;
        try
        {
            int read;
            while (n < head.Length && (read = stream.Read(head[n..])) > 0) n += read;
            stream.Position = 0;
        }
        catch (IOException e)
        {
            stream.Dispose();
            diagnostics.Add(Diagnostic.Error(new SourceSpan(path, 0, 0), $"cannot read this flow log: {e.Message}"));
            return null;
        }
        if (head[..n] is [0x1F, 0x8B, ..]) return new FlowLogLines(new GZipStream(stream, CompressionMode.Decompress), null, gzip: true, stream as FileStream);
        if (FlowLogFormats.BinaryKind(head[..n]) is { } kind)
        {
            stream.Dispose();
            diagnostics.Add(Diagnostic.Error(new SourceSpan(path, 1, 1), $"this is {kind}"));
            return null;
        }
        return new FlowLogLines(stream, null, gzip: false);
    }

    /// <summary>The next line without its line end; null at the end (or where reading stopped, see <see cref="Error"/>).</summary>
    public string? Next() => Next(out var line) ? line.ToString() : null;

    /// <summary>
    /// The next line without its line end, decoded into a buffer this reader reuses (valid until the next call: no string
    /// per line); false at the end (or where reading stopped, see <see cref="Error"/>).
    /// </summary>
    public bool Next(out ReadOnlySpan<char> line)
    {
        if (_text is not null)
        {
            var text = _text.ReadLine();
            line = text;
            if (text is null) return false;
            LineNumber++;
            return true;
        }
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Decode(_start, _start + newline);
                _start += newline + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                // The last line of a cut-off stream is cut too: not a record.
                if (_start == _end || Error is not null)
                {
                    line = default;
                    return false;
                }
                line = Decode(_start, _end);
                _start = _end;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    private ReadOnlySpan<char> Decode(int from, int to)
    {
        if (to > from && _buffer[to - 1] == '\r') to--;
        if (_chars.Length < to - from) _chars = new char[Math.Max(to - from, _chars.Length * 2)];
        var count = Encoding.UTF8.GetChars(_buffer.AsSpan(from, to - from), _chars);
        return _chars.AsSpan(0, count);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        try
        {
            var read = _stream!.Read(_buffer, _end, _buffer.Length - _end);
            _end += read;
            _inflated += read;
            if (read == 0)
            {
                _eof = true;
                if (IsGzip) CheckTrailer();
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            _eof = true;
            Error = IsGzip
                ? $"the gzip stream is cut off or corrupt after line {LineNumber} ({e.Message}); the records before it are used"
                : $"reading stopped after line {LineNumber}: {e.Message}; the records before it are used";
        }
    }

    /// <summary>
    /// GZipStream ends quietly where a cut-off file ends. A whole gzip file ends with the size of its text (ISIZE, modulo
    /// 2^32): a file that does not was cut off. (Of a file of several gzip members, cat a.gz b.gz, the last member's size
    /// is written there, so such a file is reported too: decompress and recompress it to read it without the warning.)
    /// </summary>
    private void CheckTrailer()
    {
        if (_file is null || !_file.CanSeek) return;
        Span<byte> size = stackalloc byte[4];
        _file.Position = Math.Max(0, _file.Length - 4);
        _file.ReadExactly(size);
        var written = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(size);
        if (written != (uint)_inflated)
        {
            Error = $"the gzip stream is cut off or corrupt after line {LineNumber + _buffer.AsSpan(_start, _end - _start).Count((byte)'\n')}: " +
                    $"{_inflated} bytes of text where its trailer records {written}; the records before it are used";
        }
    }

    public void Dispose() => _stream?.Dispose();
}
