namespace Publishing.Browser.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by <c>./test.sh</c>), driven by Playwright's bundled driver:
/// nothing is downloaded. Screenshots go to <see cref="ScreenshotFolder"/>, beside the test assembly.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const int PhoneWidth = 390;

    private static readonly string[] ChromiumFlags =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }
        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Args = ChromiumFlags });
    }

    /// <summary>A new reader: a fresh browser context (no cookies) at desktop width, or at a phone's.</summary>
    public async Task<Reader> NewReaderAsync(Uri site, bool phone = false, bool javaScript = true)
    {
        if (_browser is null)
        {
            Assert.Skip($"{ChromiumPath} is absent: install Debian's chromium (./test.sh does).");
        }
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = PhoneWidth, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = 1,
            JavaScriptEnabled = javaScript,
        });
        return new Reader(context, await context.NewPageAsync(), javaScript);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

/// <summary>One reader's browser tab, with every console error and uncaught exception it saw.</summary>
public sealed class Reader : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly HashSet<string> _documentsWithErrorStatus = [];

    private readonly bool _javaScript;

    public Reader(IBrowserContext context, IPage page, bool javaScript = true)
    {
        Context = context;
        Page = page;
        _javaScript = javaScript;
        page.Response += (_, response) =>
        {
            if (response.Request.IsNavigationRequest && response.Status >= 400)
            {
                lock (_errors) { _documentsWithErrorStatus.Add(response.Url); }
            }
        };
        page.Console += (_, message) =>
        {
            // A 404 or 410 page is itself the answer a test asks for (and asserts): Chromium's note that the document
            // "failed to load" is no error of the page. Anything else the page loads, and fails to, is one.
            if (message.Type == "error" && !IsTheDocumentsOwnStatus(message))
            {
                lock (_errors) { _errors.Add($"console: {message.Text} ({message.Location})"); }
            }
        };
        page.PageError += (_, error) => { lock (_errors) { _errors.Add("uncaught: " + error); } };
        page.Dialog += async (_, dialog) =>
        {
            lock (_errors) { _errors.Add("dialog: " + dialog.Message); }
            await dialog.DismissAsync();
        };
    }

    private bool IsTheDocumentsOwnStatus(IConsoleMessage message)
    {
        lock (_errors)
        {
            return message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)
                && _documentsWithErrorStatus.Any(url => message.Location.StartsWith(url + ":", StringComparison.Ordinal) || message.Location == url);
        }
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public IReadOnlyList<string> Errors { get { lock (_errors) { return _errors.ToList(); } } }

    public async Task<IResponse> OpenAsync(string path)
    {
        var response = await Page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        if (_javaScript && await Page.Locator("button[data-votes]").CountAsync() > 0)
        {
            // An article page is the same for everyone until its script has filled in this reader's own part.
            await Page.WaitForFunctionAsync("() => document.documentElement.dataset.reader === 'ready'");
        }
        return response;
    }

    /// <summary>
    /// Opens the page again until <paramref name="ready"/> holds: the pages are rendered on the server from eventually
    /// consistent lists, so what a vote or a publication changes shows on a later load, not on the one already shown.
    /// </summary>
    public async Task OpenUntilAsync(string path, Func<IPage, Task<bool>> ready, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        await OpenAsync(path);
        while (!await ready(Page) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            await OpenAsync(path);
        }
    }

    /// <summary>The whole page as a PNG under the screenshot folder; answers its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        return path;
    }

    /// <summary>How much wider than the viewport the page is (0 when nothing scrolls sideways).</summary>
    public Task<int> HorizontalOverflowAsync() =>
        Page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth");

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
