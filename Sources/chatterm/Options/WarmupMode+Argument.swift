import ArgumentParser
import ChatCore

extension WarmupMode: ExpressibleByArgument {}
