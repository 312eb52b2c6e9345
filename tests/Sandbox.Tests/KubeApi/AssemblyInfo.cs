[assembly: AssemblyFixture(typeof(AcrOperator.Sandbox.Tests.KubeApi.EmulatorCluster))]
