using Microsoft.Playwright;

namespace Netpact.Cli.Tests.Report;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, installed by scripts/test) driven by Playwright's bundled driver: no browser
/// is downloaded. One headless browser per test class, with a fresh profile; every request a page makes is recorded
/// and every one that is not the page's own file is aborted.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _profile = Directory.CreateTempSubdirectory("netpact-chromium-").FullName;
    private IPlaywright? _playwright;
    private IBrowserContext? _context;

    public IBrowserContext Context => _context ?? throw new InvalidOperationException("Chromium is not started");

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: scripts/test installs Debian's chromium");
        _playwright = await Playwright.CreateAsync();
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Timeout = 60_000,
        });
        _context.SetDefaultTimeout(30_000);
    }

    /// <summary>Opens a file in a new page; the returned list gets every URL the page requests.</summary>
    public async Task<(IPage Page, List<string> Requests, List<string> Errors)> OpenAsync(string file)
    {
        var url = new Uri(file).AbsoluteUri;
        var page = await Context.NewPageAsync();
        var requests = new List<string>();
        var errors = new List<string>();
        page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (errors) errors.Add($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (errors) errors.Add($"page error: {e}"); };
        await page.RouteAsync("**/*", route => route.Request.Url == url ? route.ContinueAsync() : route.AbortAsync());
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return (page, requests, errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        _playwright?.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; the temp folder is left behind.
        }
    }
}
