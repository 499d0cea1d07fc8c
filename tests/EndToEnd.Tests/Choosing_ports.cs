using System.Net;
using System.Net.Sockets;
using Publishing.Launcher;

namespace Publishing.EndToEnd.Tests;

/// <summary>The launcher's ports: out of the range the system hands to outgoing connections, free, never twice.</summary>
public sealed class Choosing_ports
{
    [Fact]
    public void Should_choose_distinct_free_ports_below_the_ephemeral_range()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0]);

        var ports = Enumerable.Range(0, 300).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 1024, ephemeralStart - 1));
        foreach (var port in ports.Take(20))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
