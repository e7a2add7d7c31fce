using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Netpact.Sources;

/// <summary>What a path is on disk (following links), without opening it.</summary>
internal enum FileKind { Missing, Regular, Directory, Fifo, CharacterDevice, BlockDevice, Socket, Other }

/// <summary>
/// A path's kind, size and identity, read with statx(2) on Linux: opening a FIFO blocks until a writer comes, and
/// .NET's own file information tells neither a FIFO nor a device from an empty file. The identity (device and inode)
/// tells a folder reached through a link from one already walked.
/// </summary>
internal sealed record FileStatus(FileKind Kind, long Size, string Identity)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    /// <summary>The status of what the path leads to (links followed); <see cref="FileKind.Missing"/> when nothing.</summary>
    public static FileStatus Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return Portable(path);
        // struct statx is 256 bytes with the same layout on every architecture.
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0) return new FileStatus(FileKind.Missing, 0, path);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(32));
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(40));
        var deviceMajor = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(136));
        var deviceMinor = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(140));
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        return new FileStatus(kind, size, $"{deviceMajor}:{deviceMinor}:{inode}");
    }

    /// <summary>Elsewhere: what .NET tells (no FIFOs or devices to fear on Windows), the resolved path as identity.</summary>
    private static FileStatus Portable(string path)
    {
        var file = new FileInfo(path);
        if (Directory.Exists(path))
        {
            var real = new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
            return new FileStatus(FileKind.Directory, 0, real);
        }
        return file.Exists ? new FileStatus(FileKind.Regular, file.Length, file.FullName) : new FileStatus(FileKind.Missing, 0, path);
    }

    /// <summary>The kind in words, for an error that names it.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a folder",
        _ => "no regular file",
    };
}
