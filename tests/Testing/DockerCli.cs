namespace Publishing.Testing;

/// <summary>Whether a Docker engine can answer at all: without a socket or DOCKER_HOST, Testcontainers is not tried.</summary>
public static class DockerCli
{
    public static bool Unavailable =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) && !File.Exists("/var/run/docker.sock");
}
