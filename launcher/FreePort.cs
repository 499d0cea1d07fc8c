using System.Net;
using System.Net.Sockets;

namespace Publishing.Launcher;

/// <summary>
/// Ports for the local processes. A service killed and started again (a fault test, an operator) must find its port
/// still free, because the gateway knows it by that port. A port chosen by the system (port 0) comes from the
/// ephemeral range, which the system also hands to outgoing connections and to every other program asking for port
/// 0 meanwhile; so these ports are chosen at random below that range, never twice in one process.
/// </summary>
public static class FreePort
{
    private const int Lowest = 20000;
    private static readonly HashSet<int> Given = [];
    private static readonly int EphemeralStart = EphemeralRangeStart();

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; EphemeralStart - Lowest >= 1000 && attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Lowest, EphemeralStart);
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
            // No room below the ephemeral range on this machine: let the system choose.
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var chosen = ((IPEndPoint)listener.LocalEndpoint).Port;
            Given.Add(chosen);
            return chosen;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Linux's first ephemeral port (<c>net.ipv4.ip_local_port_range</c>); elsewhere the IANA range's, 49152.</summary>
    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            if (File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], out var start))
            {
                return start;
            }
        }
        catch (IOException)
        {
        }
        return 49152;
    }
}
