/// A frequency in hertz (cycles per second).
public typealias Hertz = Double

/// A time or duration in seconds. Times are measured from the start of a recording.
public typealias Seconds = Double

/// A level ratio in decibels (10 log10 of a power ratio).
public typealias Decibels = Double
