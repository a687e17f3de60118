package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** An OS storage template; cloud-init templates need the metadata service on. */
public record TemplateInfo(String uuid, String title, String templateType, int sizeGb) {
  public TemplateInfo {
    requireNonNull(uuid, "uuid is null");
    title = title == null ? "" : title;
    templateType = templateType == null ? "" : templateType;
  }

  public boolean cloudInit() {
    return "cloud-init".equals(templateType);
  }
}
