package viawrapper

import "github.com/redislint/redislint/testdata/pipelineloop/wrapper"

func ping(keys []string) {
	for range keys {
		wrapper.Default.Ping(wrapper.Ctx) // want `Ping on wrapper.Default runs once per element of keys`
	}
}
