package io.flotilla.api;

import io.flotilla.model.AccountReader;
import io.flotilla.model.SpecReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The parameters of {@code GET /api/v1/events}, validated: one service or the fleet, optionally only one account
 * (by the id or alias the services name) and region, a start, a page size.
 */
record EventQuery(Optional<String> service, Optional<String> account, Optional<String> region,
    Optional<Instant> since, Optional<String> cursor, int limit) {

  static EventQuery parse(Optional<String> service, Optional<String> account, Optional<String> region,
      Optional<String> since, Optional<String> cursor, Optional<String> limit, ApiSettings settings) {
    account.ifPresent(id -> {
      if (!AccountReader.ID.matcher(id).matches()) {
        throw ApiException.invalid("account", "must match " + AccountReader.ID.pattern());
      }
    });
    region.ifPresent(name -> {
      if (!AccountReader.REGION.matcher(name).matches()) {
        throw ApiException.invalid("region", "must be a region name like us-east-1");
      }
    });
    service.ifPresent(name -> {
      if (!SpecReader.NAME.matcher(name).matches()) {
        throw ApiException.invalid("service", "must match " + SpecReader.NAME.pattern());
      }
    });
    return new EventQuery(service, account, region, since.map(EventQuery::instant), cursor.filter(text -> !text.isBlank()),
        limit.map(text -> Paging.number("limit", text, 1, settings.eventsMaxLimit()))
            .orElse(settings.eventsDefaultLimit()));
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw ApiException.invalid("since", "must be an ISO-8601 instant like 2026-01-31T12:00:00Z");
      }
    }
  }
}
