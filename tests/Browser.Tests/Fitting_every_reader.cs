using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Publishing.Browser.Tests;

/// <summary>Phones, keyboards and screen readers: the pages work for every reader.</summary>
public sealed class Fitting_every_reader(DemoSystem system, BrowserFixture browser)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Should_not_scroll_sideways_on_a_390px_wide_phone()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        var long_ = await system.PublishAsync(
            "Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultramicroscopicsilicovolcanoconiosis headline",
            "<p>https://example.com/a/very/long/address/that/never/breaks/by/itself/and/would/push/the/page/sideways/on/a/phone</p>",
            Cancellation, "world");
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl, phone: true);

        foreach (var (path, name) in new[] { ("/", "phone-front-page"), ($"/articles/{slug}", "phone-article-page"), ($"/articles/{long_.Slug}", "phone-long-words"), ("/articles/none", "phone-not-found") })
        {
            await reader.OpenAsync(path);
            await reader.ScreenshotAsync(name);
            Assert.True(await reader.HorizontalOverflowAsync() <= 0, $"{path} is {await reader.HorizontalOverflowAsync()} px wider than a {BrowserFixture.PhoneWidth} px phone");
        }
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_keep_the_content_clear_of_the_masthead_and_the_footer()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        foreach (var phone in new[] { false, true })
        {
            await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl, phone);
            foreach (var path in new[] { "/", $"/articles/{slug}", "/articles/none" })
            {
                await reader.OpenAsync(path);

                // Room between the masthead and the first thing in main, and between the last thing in main and the footer.
                var gaps = await reader.Page.EvaluateAsync<string[]>("""
                    () => {
                      const boxes = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().height > 0);
                      const lowest = boxes.reduce((a, b) => b.getBoundingClientRect().bottom > a.getBoundingClientRect().bottom ? b : a);
                      return [
                        String(Math.min(...boxes.map(e => e.getBoundingClientRect().top)) - document.querySelector('body > header').getBoundingClientRect().bottom),
                        String(document.querySelector('body > footer').getBoundingClientRect().top - lowest.getBoundingClientRect().bottom),
                        lowest.tagName.toLowerCase() + (lowest.className ? '.' + lowest.className : ''),
                      ];
                    }
                    """);
                var (top, bottom) = (double.Parse(gaps[0], CultureInfo.InvariantCulture), double.Parse(gaps[1], CultureInfo.InvariantCulture));

                Assert.True(top >= 12, $"{path}{(phone ? " on a phone" : "")}: {top:0} px under the masthead");
                Assert.True(bottom >= 16, $"{path}{(phone ? " on a phone" : "")}: {bottom:0} px above the footer, under {gaps[2]}");
            }
            Assert.Empty(reader.Errors);
        }
    }

    [Fact]
    public async Task Should_meet_the_axe_accessibility_rules()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        foreach (var path in new[] { "/", $"/articles/{slug}", "/articles/none" })
        {
            await reader.OpenAsync(path);
            var result = await reader.Page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
            });
            Assert.True(result.Violations.Length == 0, $"{path}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()).Take(3))}")));
        }
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_offer_landmarks_one_main_heading_and_a_button_the_keyboard_reaches()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        await reader.OpenAsync($"/articles/{slug}");
        var page = reader.Page;

        await Expect(page.GetByRole(AriaRole.Banner)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Contentinfo)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        var button = page.GetByRole(AriaRole.Button, new() { Name = "veryGood!" });
        for (var presses = 0; presses < 40 && !await button.EvaluateAsync<bool>("b => b === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(button).ToBeFocusedAsync();
        await Expect(button).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("very good", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Empty(reader.Errors);
    }
}
