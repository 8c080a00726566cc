import Testing

/// The network server over real sockets. One serialized parent for every socket suite: their tests block a
/// thread of the cooperative pool (2 threads on this machine) in socket reads, and the delegate's
/// asynchronous answers need a free one.
@Suite(.serialized) struct NetworkServerTests {}
