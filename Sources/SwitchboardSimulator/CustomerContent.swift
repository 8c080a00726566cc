/// What one customer message carries: text, or one of the media and location kinds the providers deliver.
public enum CustomerContent: Sendable, Equatable {
    case text(String)
    /// An image with a caption (`id` is the provider's media id).
    case image(id: String, caption: String)
    /// A document with its file name.
    case document(id: String, fileName: String)
    /// A shared location.
    case location(latitude: Double, longitude: Double, name: String, address: String)

    /// The mime type of a media message.
    var mimeType: String? {
        switch self {
        case .image: "image/jpeg"
        case .document: "application/pdf"
        default: nil
        }
    }
}
