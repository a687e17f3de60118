package com.busdk.upcloud.upcloud;

import com.busdk.upcloud.upcloud.UpCloudWire.NetworkEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.NetworkListEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.ServerEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.ServerListEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.StorageListEnvelope;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.util.List;

/** The UpCloud API 1.3 endpoints this adapter uses, relative to the versioned base URL. */
@Headers("Accept: application/json")
interface UpCloudApi {

  @RequestLine("GET /server")
  ServerListEnvelope listAllServers();

  /** {@code labels} are pre-encoded {@code key=value} filters; repeated parameters are ANDed. */
  @RequestLine("GET /server?label={labels}")
  ServerListEnvelope listServers(@Param(value = "labels", encoded = true) List<String> labels);

  @RequestLine("GET /server/{uuid}")
  ServerEnvelope getServer(@Param("uuid") String uuid);

  @RequestLine("POST /server/{uuid}/start")
  @Headers("Content-Type: application/json")
  ServerEnvelope startServer(@Param("uuid") String uuid, Object body);

  @RequestLine("POST /server/{uuid}/stop")
  @Headers("Content-Type: application/json")
  ServerEnvelope stopServer(@Param("uuid") String uuid, Object body);

  @RequestLine("POST /server")
  @Headers("Content-Type: application/json")
  ServerEnvelope createServer(Object body);

  @RequestLine("DELETE /server/{uuid}?storages=1&backups=delete")
  void deleteServerAndStorages(@Param("uuid") String uuid);

  @RequestLine("DELETE /server/{uuid}")
  void deleteServer(@Param("uuid") String uuid);

  @RequestLine("GET /storage/{uuid}")
  void getStorage(@Param("uuid") String uuid);

  @RequestLine("DELETE /storage/{uuid}")
  void deleteStorage(@Param("uuid") String uuid);

  @RequestLine("GET /storage/template")
  StorageListEnvelope listTemplates();

  @RequestLine("GET /network?zone={zone}")
  NetworkListEnvelope listNetworks(@Param("zone") String zone);

  @RequestLine("GET /network/{uuid}")
  NetworkEnvelope getNetwork(@Param("uuid") String uuid);
}
