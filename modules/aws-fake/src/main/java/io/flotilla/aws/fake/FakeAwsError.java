package io.flotilla.aws.fake;

/** An error the fake answers with: HTTP status, AWS error code and message, and whether the caller (Sender) or AWS (Receiver) is at fault. */
final class FakeAwsError extends RuntimeException {
  final int status;
  final String code;
  final boolean sender;

  FakeAwsError(int status, String code, String message, boolean sender) {
    super(message);
    this.status = status;
    this.code = code;
    this.sender = sender;
  }

  static FakeAwsError validation(String code, String message) {
    return new FakeAwsError(400, code, message, true);
  }

  static FakeAwsError notFound(String code, String message) {
    return new FakeAwsError(400, code, message, true);
  }
}
