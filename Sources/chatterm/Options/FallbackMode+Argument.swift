import ArgumentParser
import ChatCore

extension FallbackMode: ExpressibleByArgument {}
