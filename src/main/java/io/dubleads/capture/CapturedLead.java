package io.dubleads.capture;

/**
 * A lead that passed validation and repair, ready for the spool: every field as it will be sent
 * to Dub, {@code null} where it is left out of the request body.
 *
 * @param clickId            1..64 of {@code [A-Za-z0-9_-]}, or {@code ""} for Dub's stored click
 * @param eventName          trimmed, 1..255
 * @param customerExternalId trimmed, 1..100
 * @param mode               {@code async}/{@code wait}/{@code deferred}, or {@code null} (left out, as for a {@code clickId: ""} lead)
 * @param eventQuantity      1..100, or {@code null}
 * @param metadataJson       the metadata object already serialized (at most 10,000 chars), or {@code null}
 */
public record CapturedLead(
        String clickId,
        String eventName,
        String customerExternalId,
        String customerName,
        String customerEmail,
        String customerAvatar,
        String mode,
        Integer eventQuantity,
        String metadataJson) {}
