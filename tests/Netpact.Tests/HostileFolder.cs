using System.Diagnostics;

namespace Netpact.Tests;

/// <summary>
/// A temporary copy of tests/testdata/hostile-inputs/manifests with hostile entries added at test time (FIFOs,
/// device links, folder link loops): git cannot hold them, and a checkout should not.
/// </summary>
public sealed class HostileFolder : IDisposable
{
    public HostileFolder()
    {
        Root = Directory.CreateTempSubdirectory("netpact-hostile-").FullName;
        Manifests = Path.Combine(Root, "manifests");
        Directory.CreateDirectory(Manifests);
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.TestData, "hostile-inputs", "manifests")))
            File.Copy(file, Path.Combine(Manifests, Path.GetFileName(file)));
    }

    /// <summary>The temporary folder; <see cref="Manifests"/> is inside it.</summary>
    public string Root { get; }

    /// <summary>The folder with the valid manifests, where hostile entries are added.</summary>
    public string Manifests { get; }

    /// <summary>A named pipe nobody writes to: opening it for reading blocks forever.</summary>
    public string AddFifo(string name)
    {
        var path = Path.Combine(Manifests, name);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    public string AddLink(string name, string target)
    {
        var path = Path.Combine(Manifests, name);
        if (Directory.Exists(target)) Directory.CreateSymbolicLink(path, target);
        else File.CreateSymbolicLink(path, target);
        return path;
    }

    public string AddFile(string name, string text)
    {
        var path = Path.Combine(Manifests, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>YAML nested <paramref name="depth"/> levels deep in flow style ([[[...]]]): YamlDotNet alone overflows the stack on it.</summary>
    public static string DeepYaml(int depth) => "a: " + new string('[', depth) + new string(']', depth) + "\n";

    /// <summary>Runs the action on another thread and fails the test when it has not finished in time (a hang, not slowness).</summary>
    public static T Bounded<T>(Func<T> action, int seconds = 60)
    {
        var run = Task.Run(action);
        Assert.True(run.Wait(TimeSpan.FromSeconds(seconds)), $"still running after {seconds} s: it hangs");
        return run.Result;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
