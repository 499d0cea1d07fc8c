namespace Publishing.Newsroom;

public static class Withdrawal
{
    public static async Task<int> RunAsync(IngestClient client, IReadOnlyList<string> externalIds, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var unknown = 0;
        foreach (var externalId in externalIds)
        {
            if (await client.WithdrawAsync(externalId, cancellationToken))
            {
                await output.WriteLineAsync($"withdrawn: {externalId}");
            }
            else
            {
                unknown++;
                await errors.WriteLineAsync($"unknown: {externalId} (this newsroom has no such article)");
            }
        }
        return unknown == 0 ? NewsroomCommand.Succeeded : NewsroomCommand.SomeRefused;
    }
}
